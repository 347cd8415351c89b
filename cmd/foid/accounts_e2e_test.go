package main

import (
	"strings"
	"testing"

	foiv1 "foi/gen/foi/v1"
)

// TestLookingAfterAccounts: the staff directory, an administrator's resets
// and changes, an applicant's own contact details, and the window's reset
// of a forgotten password and change of identity document, over REST and
// gRPC.
func TestLookingAfterAccounts(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	admin := p.tokens["admin"]

	staff := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/staff?role=ROLE_OFFICER", p.tokens["head"], nil).want(t, 200)
	if !strings.Contains(staff.raw, p.ids["officer"]) || !strings.Contains(staff.raw, p.ids["officer2"]) || strings.Contains(staff.raw, p.ids["clerk"]) {
		t.Errorf("the head's list of officers: %s", staff.raw)
	}
	ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/staff", p.tokens["clerkb"], nil).want(t, 404)
	ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/staff", p.tokens["applicant"], nil).want(t, 403)

	// A forgotten staff password: the administrator issues a one-time one.
	otp := ts.rest(t, "POST", "/v1/accounts/"+p.ids["officer"]+":resetPassword", admin, map[string]any{}).want(t, 200).str("oneTimePassword")
	ts.rest(t, "GET", "/v1/accounts/me", p.tokens["officer"], nil).want(t, 401)
	signedIn := ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": "officer", "password": otp}).want(t, 200)
	if !strings.Contains(signedIn.raw, `"mustChangePassword":true`) && !strings.Contains(signedIn.raw, `"mustChangePassword": true`) {
		t.Errorf("signed in with the one-time password: %s", signedIn.raw)
	}
	ts.rest(t, "POST", "/v1/accounts/"+p.ids["applicant"]+":resetPassword", admin, map[string]any{}).want(t, 400)

	// Disabled, then enabled again.
	ts.rest(t, "POST", "/v1/accounts/"+p.ids["clerk"]+":disable", admin, map[string]any{}).want(t, 200)
	ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": "clerk", "password": p.passwords["clerk"]}).want(t, 401)
	ts.rest(t, "POST", "/v1/accounts/"+p.ids["clerk"]+":enable", admin, map[string]any{}).want(t, 200)
	ts.signIn(t, "clerk", p.passwords["clerk"])
	clerk := ts.signIn(t, "clerk", p.passwords["clerk"])

	// A change of role and agencies, only the fields named.
	r := ts.rest(t, "PATCH", "/v1/accounts/"+p.ids["officer2"], admin, map[string]any{"role": "ROLE_HEAD", "agencyIds": []string{p.agencyA, p.agencyB}}).want(t, 200)
	if r.str("account.role") != "ROLE_HEAD" || !strings.Contains(r.raw, p.agencyB) || r.str("account.displayName") != "officer2" {
		t.Errorf("after changing role and agencies: %s", r.raw)
	}
	ts.rest(t, "PATCH", "/v1/accounts/"+p.ids["officer2"], admin, map[string]any{"role": "ROLE_ADMIN"}).want(t, 400)
	ts.rest(t, "PATCH", "/v1/accounts/"+p.ids["officer2"], p.tokens["head"], map[string]any{"role": "ROLE_CLERK"}).want(t, 403)

	// An applicant keeps their own contacts; the document is not theirs to change.
	r = ts.rest(t, "PATCH", "/v1/accounts/me/contact", p.tokens["applicant"], map[string]any{"address": "示范区新华路8号"}).want(t, 200)
	if r.str("account.identity.address") != "示范区新华路8号" || r.str("account.identity.phone") == "" {
		t.Errorf("after changing the address: %s", r.raw)
	}
	bad := ts.rest(t, "PATCH", "/v1/accounts/me/contact", p.tokens["applicant"], map[string]any{"phone": "12345"}).want(t, 400)
	if !strings.Contains(strings.Join(bad.fieldViolations(), ","), "phone") {
		t.Errorf("a bad phone: %s", bad.raw)
	}

	// At the window: a forgotten password, against the identity document.
	ts.rest(t, "POST", "/v1/accounts:resetApplicantPassword", clerk, map[string]any{"login": p.logins["applicant"], "idNumber": "440524198001010013"}).want(t, 400)
	reset := ts.rest(t, "POST", "/v1/accounts:resetApplicantPassword", clerk, map[string]any{"login": p.logins["applicant"], "idNumber": "11010519491231002x"}).want(t, 200)
	if otp := reset.str("oneTimePassword"); otp == "" {
		t.Fatalf("no one-time password: %s", reset.raw)
	} else {
		ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": p.logins["applicant"], "password": secret(otp)}).want(t, 200)
	}

	// A new identity document, on proof, over gRPC.
	client := foiv1.NewAccountServiceClient(ts.conn)
	_, err := client.ChangeApplicantIdentity(withToken(clerk), &foiv1.ChangeApplicantIdentityRequest{Id: p.ids["applicant"],
		Identity: &foiv1.Applicant{Type: foiv1.ApplicantType_APPLICANT_TYPE_NATURAL_PERSON, Name: "申请人applicant",
			IdType: foiv1.IdDocumentType_ID_DOCUMENT_TYPE_RESIDENT_ID_CARD, IdNumber: secret("110105194912310070")}})
	if err == nil {
		t.Error("a change of identity without proof was accepted")
	}
	res, err := client.ChangeApplicantIdentity(withToken(clerk), &foiv1.ChangeApplicantIdentityRequest{Id: p.ids["applicant"],
		Identity: &foiv1.Applicant{Type: foiv1.ApplicantType_APPLICANT_TYPE_NATURAL_PERSON, Name: "申请人applicant",
			IdType: foiv1.IdDocumentType_ID_DOCUMENT_TYPE_RESIDENT_ID_CARD, IdNumber: secret("110105194912310070")},
		Proof: "核验新身份证原件"})
	if err != nil || !strings.HasSuffix(res.GetAccount().GetIdentity().GetIdNumber(), "0070") {
		t.Errorf("change of identity: %v %v", res, err)
	}
}
