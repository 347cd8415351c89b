package api

import (
	"context"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/server"
)

// Gateways registers the REST routes of every service on the gateway.
var Gateways = []server.GatewayHandler{
	gateway(foiv1.RegisterAgencyServiceHandlerClient, foiv1.NewAgencyServiceClient),
	gateway(foiv1.RegisterApplicationServiceHandlerClient, foiv1.NewApplicationServiceClient),
	gateway(foiv1.RegisterAccountServiceHandlerClient, foiv1.NewAccountServiceClient),
	gateway(foiv1.RegisterSessionServiceHandlerClient, foiv1.NewSessionServiceClient),
	gateway(foiv1.RegisterCalendarServiceHandlerClient, foiv1.NewCalendarServiceClient),
	gateway(foiv1.RegisterDeadlineServiceHandlerClient, foiv1.NewDeadlineServiceClient),
	gateway(foiv1.RegisterWorkflowServiceHandlerClient, foiv1.NewWorkflowServiceClient),
	gateway(foiv1.RegisterHistoryServiceHandlerClient, foiv1.NewHistoryServiceClient),
	gateway(foiv1.RegisterFeeServiceHandlerClient, foiv1.NewFeeServiceClient),
	gateway(foiv1.RegisterReviewServiceHandlerClient, foiv1.NewReviewServiceClient),
	gateway(foiv1.RegisterInboxServiceHandlerClient, foiv1.NewInboxServiceClient),
	gateway(foiv1.RegisterDocumentServiceHandlerClient, foiv1.NewDocumentServiceClient),
	gateway(foiv1.RegisterReportServiceHandlerClient, foiv1.NewReportServiceClient),
	gateway(foiv1.RegisterCorrectionServiceHandlerClient, foiv1.NewCorrectionServiceClient),
}

// gateway registers a service's generated REST routes over the gateway's
// client connection.
func gateway[C any](register func(context.Context, *runtime.ServeMux, C) error, client func(grpc.ClientConnInterface) C) server.GatewayHandler {
	return func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
		return register(ctx, mux, client(conn))
	}
}
