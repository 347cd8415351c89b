package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/grpc/metadata"

	foiv1 "foi/gen/foi/v1"
	"foi/services/api"
	"foi/services/auth"
	"foi/services/calendar"
	"foi/services/cases"
)

// local runs the operations in this process: the access gate (token,
// session and account check), then the gRPC handler, which validates,
// converts and runs the store transaction. No network, HTTP, JSON or gRPC.
type local struct {
	gate     *api.Gate
	apps     *api.Applications
	workflow *api.Workflow
	queues   [][]queued
}

func newLocal(ctx context.Context, pool *pgxpool.Pool, accounts *auth.Service, historyKey []byte, log *slog.Logger) (*local, error) {
	calendars, err := calendar.NewStore(pool, time.Now, log)
	if err != nil {
		return nil, err
	}
	svc, err := cases.NewService(pool, calendars, time.Now, historyKey)
	if err != nil {
		return nil, err
	}
	return &local{
		gate:     api.NewGate(accounts, nil, log),
		apps:     api.NewApplications(svc, accounts),
		workflow: api.NewWorkflow(svc),
		queues:   make([][]queued, 1024),
	}, nil
}

// admit authenticates token for method, as the server's gate does.
func (l *local) admit(ctx context.Context, token, method string) (context.Context, error) {
	ctx = metadata.NewIncomingContext(ctx, metadata.Pairs("authorization", "Bearer "+token))
	return l.gate.Admit(ctx, method)
}

func (l *local) ops(agencyID, clerk, officer string) [3]func(ctx context.Context, c, i int) error {
	register := func(ctx context.Context, c, i int) error {
		ctx, err := l.admit(ctx, clerk, foiv1.ApplicationService_RegisterApplication_FullMethodName)
		if err != nil {
			return err
		}
		req := registerRequest(agencyID, fmt.Sprintf("local-%d-%d", c, i))
		res, err := l.apps.RegisterApplication(ctx, req)
		if err != nil {
			return err
		}
		l.queues[c] = append(l.queues[c], queued{res.Application.Id, res.Application.Version})
		return nil
	}
	assign := func(ctx context.Context, c, i int) error {
		if len(l.queues[c]) == 0 {
			return errDone
		}
		q := l.queues[c][0]
		l.queues[c] = l.queues[c][1:]
		ctx, err := l.admit(ctx, officer, foiv1.WorkflowService_AssignApplication_FullMethodName)
		if err != nil {
			return err
		}
		_, err = l.workflow.AssignApplication(ctx, &foiv1.AssignApplicationRequest{Id: q.id, Version: q.version})
		return err
	}
	list := func(ctx context.Context, c, i int) error {
		ctx, err := l.admit(ctx, officer, foiv1.ApplicationService_ListApplications_FullMethodName)
		if err != nil {
			return err
		}
		_, err = l.apps.ListApplications(ctx, &foiv1.ListApplicationsRequest{PageSize: 20})
		return err
	}
	return [3]func(ctx context.Context, c, i int) error{register, assign, list}
}

func registerRequest(agencyID, requestID string) *foiv1.RegisterApplicationRequest {
	return &foiv1.RegisterApplicationRequest{
		RequestId: requestID,
		Details: &foiv1.ApplicationDetails{
			AgencyId: agencyID,
			Applicant: &foiv1.Applicant{Type: foiv1.ApplicantType_APPLICANT_TYPE_NATURAL_PERSON, Name: "张三",
				IdType: foiv1.IdDocumentType_ID_DOCUMENT_TYPE_RESIDENT_ID_CARD, IdNumber: "11010519491231002X",
				Phone: "13912345678", Address: "示范区人民路1号"},
			Information: &foiv1.RequestedInformation{Title: "示范区2025年老旧小区改造项目清单"},
			Medium:      foiv1.InformationMedium_INFORMATION_MEDIUM_PAPER,
			Delivery:    foiv1.DeliveryMethod_DELIVERY_METHOD_POST,
		},
		Intake: &foiv1.Intake{Channel: foiv1.IntakeChannel_INTAKE_CHANNEL_IN_PERSON, HandedInOn: time.Now().Format("2006-01-02")},
	}
}
