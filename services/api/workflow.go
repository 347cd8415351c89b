package api

import (
	"context"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/cases"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/outcome"
)

// Workflow serves foi.v1.WorkflowService.
type Workflow struct {
	foiv1.UnimplementedWorkflowServiceServer
	cases *cases.Service
}

// NewWorkflow returns the WorkflowService handlers.
func NewWorkflow(svc *cases.Service) *Workflow { return &Workflow{cases: svc} }

// Register adds the service to s.
func (h *Workflow) Register(s grpc.ServiceRegistrar) { foiv1.RegisterWorkflowServiceServer(s, h) }

// caseRequest is what every transition request carries.
type caseRequest interface {
	GetId() string
	GetVersion() int64
}

// transit runs one transition: it checks the caller, the id and version
// and the event's own fields (parse adds their violations), calls do and
// converts the case back.
func transit(ctx context.Context, req caseRequest, parse func(c *errs.Collector),
	do func(who actor.Actor, id string, version int64) (cases.Application, error)) (*foiv1.Application, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	id := parseID(&c, "id", req.GetId(), true)
	mustVersion(&c, req.GetVersion())
	if parse != nil {
		parse(&c)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	app, err := do(who, id, req.GetVersion())
	if err != nil {
		return nil, err
	}
	return applicationProto(app, masksPersonalData(who.Role)), nil
}

// AssignApplication implements foi.v1.WorkflowService.
func (h *Workflow) AssignApplication(ctx context.Context, req *foiv1.AssignApplicationRequest) (*foiv1.AssignApplicationResponse, error) {
	var assignee string
	app, err := transit(ctx, req, func(c *errs.Collector) { assignee = parseID(c, "assigneeId", req.GetAssigneeId(), false) },
		func(who actor.Actor, id string, v int64) (cases.Application, error) {
			return h.cases.Assign(ctx, who, id, v, assignee)
		})
	return &foiv1.AssignApplicationResponse{Application: app}, err
}

// ReassignApplication implements foi.v1.WorkflowService.
func (h *Workflow) ReassignApplication(ctx context.Context, req *foiv1.ReassignApplicationRequest) (*foiv1.ReassignApplicationResponse, error) {
	var assignee string
	app, err := transit(ctx, req, func(c *errs.Collector) { assignee = parseID(c, "assigneeId", req.GetAssigneeId(), true) },
		func(who actor.Actor, id string, v int64) (cases.Application, error) {
			return h.cases.Reassign(ctx, who, id, v, assignee, req.GetReason())
		})
	return &foiv1.ReassignApplicationResponse{Application: app}, err
}

// RequestClarification implements foi.v1.WorkflowService.
func (h *Workflow) RequestClarification(ctx context.Context, req *foiv1.RequestClarificationRequest) (*foiv1.RequestClarificationResponse, error) {
	var served clock.Date
	app, err := transit(ctx, req, func(c *errs.Collector) { served = parseDate(c, "servedOn", req.GetServedOn()) },
		func(who actor.Actor, id string, v int64) (cases.Application, error) {
			return h.cases.RequestClarification(ctx, who, id, v, cases.ClarificationRequest{
				Items: req.GetItems(), Days: int(req.GetDays()), LateReason: req.GetLateReason(), ServedOn: served})
		})
	return &foiv1.RequestClarificationResponse{Application: app}, err
}

// SupplementApplication implements foi.v1.WorkflowService.
func (h *Workflow) SupplementApplication(ctx context.Context, req *foiv1.SupplementApplicationRequest) (*foiv1.SupplementApplicationResponse, error) {
	var in cases.SupplementInput
	app, err := transit(ctx, req, func(c *errs.Collector) {
		in = cases.SupplementInput{ReceivedOn: parseDate(c, "receivedOn", req.GetReceivedOn()), Text: req.GetText()}
		if info := req.GetInformation(); info != nil {
			in.Information = &cases.Information{Title: info.GetTitle(), DocumentNumber: info.GetDocumentNumber(), Description: info.GetDescription()}
		}
	}, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.Supplement(ctx, who, id, v, in)
	})
	return &foiv1.SupplementApplicationResponse{Application: app}, err
}

// StartConsultation implements foi.v1.WorkflowService.
func (h *Workflow) StartConsultation(ctx context.Context, req *foiv1.StartConsultationRequest) (*foiv1.StartConsultationResponse, error) {
	var sent clock.Date
	var list []cases.Consultee
	app, err := transit(ctx, req, func(c *errs.Collector) {
		sent = parseDate(c, "sentOn", req.GetSentOn())
		for _, k := range req.GetConsultees() {
			list = append(list, cases.Consultee{
				Kind: enumName(k.GetKind(), "CONSULTEE_KIND_"), Name: k.GetName(), Contact: k.GetContact(), Question: k.GetQuestion(),
				DeliveredOn: parseDate(c, "consultees.deliveredOn", k.GetDeliveredOn()),
			})
		}
	}, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.StartConsultation(ctx, who, id, v, sent, list)
	})
	return &foiv1.StartConsultationResponse{Application: app}, err
}

// RecordOpinion implements foi.v1.WorkflowService.
func (h *Workflow) RecordOpinion(ctx context.Context, req *foiv1.RecordOpinionRequest) (*foiv1.RecordOpinionResponse, error) {
	var o cases.Opinion
	app, err := transit(ctx, req, func(c *errs.Collector) {
		o = cases.Opinion{ConsultationID: parseID(c, "consultationId", req.GetConsultationId(), true),
			ReceivedOn: parseDate(c, "receivedOn", req.GetReceivedOn()), Opinion: enumName(req.GetOpinion(), "OPINION_KIND_"), Text: req.GetText()}
	}, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.RecordOpinion(ctx, who, id, v, o)
	})
	return &foiv1.RecordOpinionResponse{Application: app}, err
}

// RequestExtension implements foi.v1.WorkflowService.
func (h *Workflow) RequestExtension(ctx context.Context, req *foiv1.RequestExtensionRequest) (*foiv1.RequestExtensionResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.RequestExtension(ctx, who, id, v, cases.ExtensionRequest{Days: int(req.GetDays()), Reason: req.GetReason()})
	})
	return &foiv1.RequestExtensionResponse{Application: app}, err
}

// ApproveExtension implements foi.v1.WorkflowService.
func (h *Workflow) ApproveExtension(ctx context.Context, req *foiv1.ApproveExtensionRequest) (*foiv1.ApproveExtensionResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.ApproveExtension(ctx, who, id, v, req.GetComment())
	})
	return &foiv1.ApproveExtensionResponse{Application: app}, err
}

// RejectExtension implements foi.v1.WorkflowService.
func (h *Workflow) RejectExtension(ctx context.Context, req *foiv1.RejectExtensionRequest) (*foiv1.RejectExtensionResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.RejectExtension(ctx, who, id, v, req.GetReason())
	})
	return &foiv1.RejectExtensionResponse{Application: app}, err
}

// SetDelayedDueDate implements foi.v1.WorkflowService.
func (h *Workflow) SetDelayedDueDate(ctx context.Context, req *foiv1.SetDelayedDueDateRequest) (*foiv1.SetDelayedDueDateResponse, error) {
	var due clock.Date
	app, err := transit(ctx, req, func(c *errs.Collector) { due = parseDate(c, "dueOn", req.GetDueOn()) },
		func(who actor.Actor, id string, v int64) (cases.Application, error) {
			return h.cases.SetDelayedDueDate(ctx, who, id, v, due, req.GetReason())
		})
	return &foiv1.SetDelayedDueDateResponse{Application: app}, err
}

// CorrectDelayedDueDate implements foi.v1.WorkflowService.
func (h *Workflow) CorrectDelayedDueDate(ctx context.Context, req *foiv1.CorrectDelayedDueDateRequest) (*foiv1.CorrectDelayedDueDateResponse, error) {
	var due clock.Date
	app, err := transit(ctx, req, func(c *errs.Collector) { due = parseDate(c, "dueOn", req.GetDueOn()) },
		func(who actor.Actor, id string, v int64) (cases.Application, error) {
			return h.cases.CorrectDelayedDueDate(ctx, who, id, v, due, req.GetReason())
		})
	return &foiv1.CorrectDelayedDueDateResponse{Application: app}, err
}

// ReplyOnTheSpot implements foi.v1.WorkflowService.
func (h *Workflow) ReplyOnTheSpot(ctx context.Context, req *foiv1.ReplyOnTheSpotRequest) (*foiv1.ReplyOnTheSpotResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.ReplyOnTheSpot(ctx, who, id, v, outcome.Outcome(enumName(req.GetOutcome(), "OUTCOME_")), req.GetSummary())
	})
	return &foiv1.ReplyOnTheSpotResponse{Application: app}, err
}

// RecordDelivery implements foi.v1.WorkflowService.
func (h *Workflow) RecordDelivery(ctx context.Context, req *foiv1.RecordDeliveryRequest) (*foiv1.RecordDeliveryResponse, error) {
	var dl cases.DeliveryRecord
	app, err := transit(ctx, req, func(c *errs.Collector) {
		requireEnum(c, "method", req.GetMethod())
		dl = cases.DeliveryRecord{Method: enumName(req.GetMethod(), "SERVICE_METHOD_"), DeliveredOn: parseDate(c, "deliveredOn", req.GetDeliveredOn()), Note: req.GetNote()}
	}, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.RecordDelivery(ctx, who, id, v, dl)
	})
	return &foiv1.RecordDeliveryResponse{Application: app}, err
}

// WithdrawApplication implements foi.v1.WorkflowService.
func (h *Workflow) WithdrawApplication(ctx context.Context, req *foiv1.WithdrawApplicationRequest) (*foiv1.WithdrawApplicationResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.Withdraw(ctx, who, id, v, req.GetReason(), req.GetWrittenRequest())
	})
	return &foiv1.WithdrawApplicationResponse{Application: app}, err
}

// RecordRemedy implements foi.v1.WorkflowService.
func (h *Workflow) RecordRemedy(ctx context.Context, req *foiv1.RecordRemedyRequest) (*foiv1.RecordRemedyResponse, error) {
	var r cases.Remedy
	app, err := transit(ctx, req, func(c *errs.Collector) {
		r = cases.Remedy{
			ID: parseID(c, "remedyId", req.GetRemedyId(), false), Kind: enumName(req.GetKind(), "REMEDY_KIND_"),
			FiledOn: parseDate(c, "filedOn", req.GetFiledOn()), Authority: req.GetAuthority(), CaseNumber: req.GetCaseNumber(),
			Result: enumName(req.GetResult(), "REMEDY_RESULT_"), DecidedOn: parseDate(c, "decidedOn", req.GetDecidedOn()),
		}
	}, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.RecordRemedy(ctx, who, id, v, r)
	})
	return &foiv1.RecordRemedyResponse{Application: app}, err
}

// ReopenApplication implements foi.v1.WorkflowService.
func (h *Workflow) ReopenApplication(ctx context.Context, req *foiv1.ReopenApplicationRequest) (*foiv1.ReopenApplicationResponse, error) {
	var on clock.Date
	var remedy string
	app, err := transit(ctx, req, func(c *errs.Collector) {
		on = parseDate(c, "orderedOn", req.GetOrderedOn())
		remedy = parseID(c, "remedyId", req.GetRemedyId(), true)
	}, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.Reopen(ctx, who, id, v, remedy, on, req.GetReason())
	})
	return &foiv1.ReopenApplicationResponse{Application: app}, err
}

// ListConsultations implements foi.v1.WorkflowService.
func (h *Workflow) ListConsultations(ctx context.Context, req *foiv1.ListConsultationsRequest) (*foiv1.ListConsultationsResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	list, err := h.cases.Consultations(ctx, who, id)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListConsultationsResponse{}
	for _, c := range list {
		out.Consultations = append(out.Consultations, &foiv1.Consultation{
			Id: c.ID, Round: int32(c.Round),
			Consultee: &foiv1.Consultee{
				Kind: foiv1.ConsulteeKind(enumValue(foiv1.ConsulteeKind_value, "CONSULTEE_KIND_", c.Consultee.Kind)),
				Name: c.Consultee.Name, Contact: c.Consultee.Contact, Question: c.Consultee.Question, DeliveredOn: c.Consultee.DeliveredOn.String(),
			},
			SentOn: c.SentOn.String(), DueOn: c.DueOn.String(), DueProvisional: c.DueProvisional,
			Opinion:     foiv1.OpinionKind(enumValue(foiv1.OpinionKind_value, "OPINION_KIND_", c.Opinion)),
			OpinionText: c.OpinionText, AnsweredOn: c.AnsweredOn.String(), LapsedOn: c.LapsedOn.String(),
		})
	}
	return out, nil
}

// ListRemedies implements foi.v1.WorkflowService.
func (h *Workflow) ListRemedies(ctx context.Context, req *foiv1.ListRemediesRequest) (*foiv1.ListRemediesResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	list, err := h.cases.Remedies(ctx, who, id)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListRemediesResponse{}
	for _, r := range list {
		out.Remedies = append(out.Remedies, &foiv1.Remedy{
			Id: r.ID, Kind: foiv1.RemedyKind(enumValue(foiv1.RemedyKind_value, "REMEDY_KIND_", r.Kind)),
			FiledOn: r.FiledOn.String(), Authority: r.Authority, CaseNumber: r.CaseNumber,
			Result:    foiv1.RemedyResult(enumValue(foiv1.RemedyResult_value, "REMEDY_RESULT_", r.Result)),
			DecidedOn: r.DecidedOn.String(), AgainstFailureToReply: r.AgainstFailureToReply,
		})
	}
	return out, nil
}

// VoidApplication implements foi.v1.WorkflowService.
func (h *Workflow) VoidApplication(ctx context.Context, req *foiv1.VoidApplicationRequest) (*foiv1.VoidApplicationResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.Void(ctx, who, id, v, req.GetReason())
	})
	return &foiv1.VoidApplicationResponse{Application: app}, err
}

// ForwardApplication implements foi.v1.WorkflowService.
func (h *Workflow) ForwardApplication(ctx context.Context, req *foiv1.ForwardApplicationRequest) (*foiv1.ForwardApplicationResponse, error) {
	var to string
	app, err := transit(ctx, req, func(c *errs.Collector) { to = parseID(c, "agencyId", req.GetAgencyId(), true) },
		func(who actor.Actor, id string, v int64) (cases.Application, error) {
			return h.cases.Forward(ctx, who, id, v, to, req.GetReason())
		})
	return &foiv1.ForwardApplicationResponse{Application: app}, err
}

// CorrectApplicationDetails implements foi.v1.WorkflowService: only the
// fields the update mask names change (AIP-134).
func (h *Workflow) CorrectApplicationDetails(ctx context.Context, req *foiv1.CorrectApplicationDetailsRequest) (*foiv1.CorrectApplicationDetailsResponse, error) {
	var correction cases.Correction
	app, err := transit(ctx, req, func(c *errs.Collector) {
		in := req.GetCorrection()
		if in == nil {
			in = &foiv1.DetailsCorrection{}
		}
		correction = cases.Correction{
			Fields:        maskedFields(c, in, req.GetUpdateMask(), cases.IsCorrectionField),
			ApplicantName: in.GetApplicantName(), ContactPerson: in.GetApplicantContactPerson(),
			Phone: in.GetApplicantPhone(), Email: in.GetApplicantEmail(), Address: in.GetApplicantAddress(),
			IDNumber: in.GetApplicantIdNumber(), Title: in.GetTitle(), DocumentNumber: in.GetDocumentNumber(),
			Description: in.GetDescription(), ReceivedOn: parseDate(c, "correction.receivedOn", in.GetReceivedOn()),
		}
	}, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.CorrectDetails(ctx, who, id, v, correction, req.GetReason())
	})
	return &foiv1.CorrectApplicationDetailsResponse{Application: app}, err
}
