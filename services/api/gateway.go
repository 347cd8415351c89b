package api

import (
	foiv1 "foi/gen/foi/v1"
	"foi/services/server"
)

// Gateways registers the REST routes of every service on the gateway.
var Gateways = []server.GatewayHandler{
	foiv1.RegisterAgencyServiceHandler,
	foiv1.RegisterApplicationServiceHandler,
	foiv1.RegisterAccountServiceHandler,
	foiv1.RegisterSessionServiceHandler,
	foiv1.RegisterCalendarServiceHandler,
	foiv1.RegisterDeadlineServiceHandler,
	foiv1.RegisterWorkflowServiceHandler,
	foiv1.RegisterHistoryServiceHandler,
	foiv1.RegisterFeeServiceHandler,
	foiv1.RegisterReviewServiceHandler,
	foiv1.RegisterInboxServiceHandler,
	foiv1.RegisterDocumentServiceHandler,
	foiv1.RegisterReportServiceHandler,
	foiv1.RegisterCorrectionServiceHandler,
}
