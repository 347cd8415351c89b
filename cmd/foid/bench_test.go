package main

import (
	"fmt"
	"testing"

	foiv1 "foi/gen/foi/v1"
)

// BenchmarkSubmitREST submits online applications over REST, end to end:
// HTTP, the gateway, gRPC, interceptors (authentication included), the
// transaction on PostgreSQL. Run with
//
//	go test ./cmd/foid -run '^$' -bench .
func BenchmarkSubmitREST(b *testing.B) {
	ts := startServer(b)
	p := ts.bootstrap(b)
	tok := p.tokens["applicant"]
	i := 0
	for b.Loop() {
		i++
		ts.rest(b, "POST", "/v1/applications", tok, applicationBody(p.agencyA, fmt.Sprintf("bench-%d", i))).want(b, 200)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkRegisterGRPC registers window applications over gRPC, each
// getting its tracking number and due date.
func BenchmarkRegisterGRPC(b *testing.B) {
	ts := startServer(b)
	p := ts.bootstrap(b)
	apps := foiv1.NewApplicationServiceClient(ts.conn)
	ctx := withToken(p.tokens["clerk"])
	req := &foiv1.RegisterApplicationRequest{
		Details: &foiv1.ApplicationDetails{
			AgencyId: p.agencyA,
			Applicant: &foiv1.Applicant{Type: foiv1.ApplicantType_APPLICANT_TYPE_NATURAL_PERSON, Name: "张三",
				IdType: foiv1.IdDocumentType_ID_DOCUMENT_TYPE_RESIDENT_ID_CARD, IdNumber: "11010519491231002X", Phone: "13912345678"},
			Information: &foiv1.RequestedInformation{Title: "示范区2025年部门预算"},
			Medium:      foiv1.InformationMedium_INFORMATION_MEDIUM_PAPER,
			Delivery:    foiv1.DeliveryMethod_DELIVERY_METHOD_COLLECT_IN_PERSON,
		},
		Intake: &foiv1.Intake{Channel: foiv1.IntakeChannel_INTAKE_CHANNEL_IN_PERSON, HandedInOn: "2026-11-27"},
	}
	i := 0
	for b.Loop() {
		i++
		req.RequestId = fmt.Sprintf("window-%d", i)
		if _, err := apps.RegisterApplication(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
