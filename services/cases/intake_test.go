package cases

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
)

var today = clock.MustParseDate("2026-11-27")

func d(s string) clock.Date { return clock.MustParseDate(s) }

// TestReceivedOnByChannel pins Art. 31: which date counts as received for
// each channel.
func TestReceivedOnByChannel(t *testing.T) {
	tests := []struct {
		name string
		in   Intake
		want clock.Date
	}{
		{"in person: the hand-in day", Intake{Channel: ChannelInPerson, HandedInOn: d("2026-11-20")}, d("2026-11-20")},
		{"oral: the day the clerk wrote it down", Intake{Channel: ChannelOral, HandedInOn: d("2026-11-27")}, d("2026-11-27")},
		{"signed post: the signing day", Intake{Channel: ChannelSignedPost, SignedOn: d("2026-11-02")}, d("2026-11-02")},
		{"ordinary letter: the confirmation day, not the arrival", Intake{Channel: ChannelOrdinaryLetter, ArrivedOn: d("2026-11-02"), ConfirmedOn: d("2026-11-04")}, d("2026-11-04")},
		{"ordinary letter confirmed on arrival", Intake{Channel: ChannelOrdinaryLetter, ArrivedOn: d("2026-11-02"), ConfirmedOn: d("2026-11-02")}, d("2026-11-02")},
		{"fax: the day both sides confirm", Intake{Channel: ChannelFax, ConfirmedOn: d("2026-10-09")}, d("2026-10-09")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.receivedOn(today)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("received on %s, want %s", got, tt.want)
			}
		})
	}
}

func violations(t *testing.T, err error) map[string]string {
	t.Helper()
	var inv *errs.Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("error %v is not *errs.Invalid", err)
	}
	out := map[string]string{}
	for _, v := range inv.Violations {
		out[v.Field] = v.Reason
	}
	return out
}

func fields(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

func TestReceivedOnRefusals(t *testing.T) {
	tests := []struct {
		name   string
		in     Intake
		fields []string
	}{
		{"no channel", Intake{}, []string{"intake.channel"}},
		{"online is not registered at the window", Intake{Channel: ChannelOnline}, []string{"intake.channel"}},
		{"in person without its date", Intake{Channel: ChannelInPerson}, []string{"intake.handedInOn"}},
		{"signed post without the signing date", Intake{Channel: ChannelSignedPost, HandedInOn: d("2026-11-02")}, []string{"intake.handedInOn", "intake.signedOn"}},
		{"ordinary letter without confirmation", Intake{Channel: ChannelOrdinaryLetter, ArrivedOn: d("2026-11-02")}, []string{"intake.confirmedOn"}},
		{"ordinary letter confirmed before it arrived", Intake{Channel: ChannelOrdinaryLetter, ArrivedOn: d("2026-11-02"), ConfirmedOn: d("2026-11-01")}, []string{"intake.confirmedOn"}},
		{"a receipt date in the future", Intake{Channel: ChannelInPerson, HandedInOn: d("2026-11-28")}, []string{"intake.handedInOn"}},
		{"before the regulation existed", Intake{Channel: ChannelFax, ConfirmedOn: d("2008-04-30")}, []string{"intake.confirmedOn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.in.receivedOn(today)
			if diff := cmp.Diff(tt.fields, fields(violations(t, err))); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// validDetails is a complete application by a natural person.
func validDetails(agencyID string) Details {
	return Details{
		AgencyID: agencyID,
		Applicant: applicant.Identity{Type: applicant.NaturalPerson, Name: "张三", IDType: applicant.ResidentIDCard,
			IDNumber: "11010519491231002x", Phone: "138 1234 5678", Address: "示范区人民路1号"},
		Information: Information{Title: "示范区2025年财政预算执行情况"},
		Medium:      Electronic,
		Delivery:    Post,
	}
}

func TestDetailsNormalise(t *testing.T) {
	good := validDetails("a")
	if err := good.normalise(today); err != nil {
		t.Fatalf("valid details refused: %v", err)
	}
	if good.Applicant.IDNumber != "11010519491231002X" || good.Applicant.Phone != "13812345678" {
		t.Errorf("not normalised: id %q phone %q", good.Applicant.IDNumber, good.Applicant.Phone)
	}
	tests := []struct {
		name   string
		change func(*Details)
		fields []string
	}{
		{"wrong check digit", func(d *Details) { d.Applicant.IDNumber = "110105194912310021" }, []string{"details.applicant.idNumber"}},
		{"no contact at all", func(d *Details) { d.Applicant.Phone = "" }, []string{"details.applicant.phone"}},
		{"no description of the information", func(d *Details) { d.Information.Title = "" }, []string{"details.information"}},
		{"post without an address", func(d *Details) { d.Applicant.Address = "" }, []string{"details.applicant.address"}},
		{"e-mail without an address", func(d *Details) { d.Delivery = Email }, []string{"details.applicant.email"}},
		{"other form not described", func(d *Details) { d.Medium = OtherMedium }, []string{"details.mediumOther"}},
		{"organisation with an ID card", func(d *Details) { d.Applicant.Type = applicant.CommercialEnterprise }, []string{"details.applicant.idType"}},
		{"person with a credit code", func(d *Details) {
			d.Applicant.IDType, d.Applicant.IDNumber = applicant.CreditCode, "91350100M000100Y43"
		}, []string{"details.applicant.idType"}},
		{"everything missing", func(d *Details) { *d = Details{} }, []string{
			"details.agencyId", "details.applicant.idType", "details.applicant.name", "details.applicant.phone",
			"details.applicant.type", "details.delivery", "details.information", "details.medium"}},
		{"bad phone", func(d *Details) { d.Applicant.Phone = "12345" }, []string{"details.applicant.phone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDetails("a")
			tt.change(&d)
			if diff := cmp.Diff(tt.fields, fields(violations(t, d.normalise(today)))); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
	org := validDetails("a")
	org.Applicant = applicant.Identity{Type: applicant.LegalServiceInstitution, Name: "示范律师事务所", IDType: applicant.CreditCode, IDNumber: "91350100m000100y43", Email: "Office@Example.com"}
	org.Delivery = Email
	if err := org.normalise(today); err != nil {
		t.Fatalf("organisation refused: %v", err)
	}
	if org.Applicant.IDNumber != "91350100M000100Y43" {
		t.Errorf("credit code not normalised: %q", org.Applicant.IDNumber)
	}
}

// TestBackdate (issue 10, item 3): a receipt more than 3 working days back
// needs a reason; beyond the agency's limit a clerk cannot register it.
func TestBackdate(t *testing.T) {
	received := clock.MustParseDate("2024-03-01")
	tests := []struct {
		name      string
		back      int
		reason    string
		wantField string // "" when accepted
	}{
		{"today", 0, "", ""},
		{"three working days back", 3, "", ""},
		{"four without a reason", 4, "", "intake.backdateReason"},
		{"four with a blank reason", 4, "  ", "intake.backdateReason"},
		{"four with a reason", 4, "邮件室漏登，今日补登", ""},
		{"at the limit", 30, "邮件室漏登，今日补登", ""},
		{"beyond the limit", 31, "邮件室漏登，今日补登", "intake"},
		{"a reason too long", 4, strings.Repeat("理", 501), "intake.backdateReason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Intake{BackdateReason: tt.reason}
			err := decideBackdate(&in, received, tt.back, 30)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var inv *errs.Invalid
			if !errors.As(err, &inv) || len(inv.Violations) != 1 || inv.Violations[0].Field != tt.wantField {
				t.Fatalf("got %v, want a violation of %s", err, tt.wantField)
			}
			if tt.back > 30 && !strings.Contains(inv.Violations[0].Reason, "负责人") {
				t.Errorf("the refusal does not send the clerk to the head: %s", inv.Violations[0].Reason)
			}
		})
	}
}
