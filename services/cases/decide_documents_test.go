package cases

import (
	"errors"
	"testing"
	"time"

	"foi/services/actor"
	"foi/services/errs"
)

func TestDecideAttach(t *testing.T) {
	applicant := actor.Actor{AccountID: "a", Role: actor.Applicant}
	officer := actor.Actor{AccountID: "o", Role: actor.Officer}
	for _, c := range []struct {
		who   actor.Actor
		state State
		kind  DocumentKind
		held  int64
		want  error
	}{
		{applicant, Submitted, ApplicantMaterial, 0, nil},
		{applicant, Clarification, ApplicantMaterial, 0, nil},
		{applicant, Processing, ApplicantMaterial, 0, errs.FailedPrecondition},
		{applicant, Submitted, Provided, 0, errs.PermissionDenied},
		{officer, Processing, Provided, 0, nil},
		{officer, SignOff, Provided, 0, errs.FailedPrecondition},
		{officer, Closed, DeliveryProof, 0, nil},
		{officer, Processing, Internal, 95, errs.InvalidArgument}, // 95 + 10 > 100
		{actor.Actor{Role: actor.LegalAdviser}, LegalReview, Internal, 0, errs.PermissionDenied},
	} {
		err := decideAttach(c.who, c.state, c.kind, 10, c.held, 100)
		if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%s attaching %s in %s: %v, want %v", c.who.Role, c.kind, c.state, err, c.want)
		}
	}
}

func TestDecideRemoveAndSees(t *testing.T) {
	applicant := actor.Actor{AccountID: "a", Role: actor.Applicant}
	officer := actor.Actor{AccountID: "o", Role: actor.Officer}
	own := Document{Kind: ApplicantMaterial, UploadedBy: "a"}
	provided := Document{Kind: Provided, UploadedBy: "o"}
	now := time.Now()
	if err := decideRemove(applicant, Submitted, own, false, false); err != nil {
		t.Errorf("the applicant removing their own upload: %v", err)
	}
	if err := decideRemove(applicant, Submitted, Document{Kind: ApplicantMaterial, UploadedBy: "clerk"}, false, false); !errors.Is(err, errs.PermissionDenied) {
		t.Errorf("the applicant removing the clerk's scan: %v", err)
	}
	if err := decideRemove(officer, Processing, provided, true, false); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("removing a signed document: %v", err)
	}
	if err := decideRemove(officer, Processing, provided, false, true); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("removing a document under review: %v", err)
	}
	if err := decideRemove(officer, Processing, Document{Kind: Internal, RemovedAt: &now}, false, false); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("removing twice: %v", err)
	}
	for _, c := range []struct {
		who    actor.Role
		d      Document
		signed bool
		want   bool
	}{
		{actor.Applicant, own, false, true},
		{actor.Applicant, provided, false, false},
		{actor.Applicant, provided, true, true},
		{actor.Applicant, Document{Kind: Receipt}, false, false},
		{actor.LegalAdviser, Document{Kind: ConsulteeAnswer}, false, true},
		{actor.LegalAdviser, Document{Kind: Internal}, false, false},
		{actor.Clerk, Document{Kind: Internal}, false, true},
	} {
		if got := sees(actor.Actor{Role: c.who}, c.d, c.signed); got != c.want {
			t.Errorf("%s sees %s (signed %v) = %v", c.who, c.d.Kind, c.signed, got)
		}
	}
}
