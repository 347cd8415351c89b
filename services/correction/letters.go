package correction

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/agency"
	"foi/services/clock"
	"foi/services/notice"
	"foi/services/review"
)

// Letter is a letter sent to the applicant, kept exactly as sent.
type Letter struct {
	ID        string
	RequestID string
	EventSeq  int
	Kind      notice.Kind
	Number    string
	Title     string
	HTML      string
	SHA256    []byte
	IssuedAt  time.Time
}

// cn writes a date as a letter prints it.
func cn(d clock.Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.YMD()
	return notice.FormatDate(y, m, day)
}

// letterData is what a letter about r says; the caller adds the decision.
func letterData(r *Request, ag agency.Agency, number string, issued clock.Date) notice.Data {
	d := r.Details
	return notice.Data{
		Number: number, Agency: ag.Name, IssuedOn: cn(issued), TrackingNumber: r.TrackingNumber,
		ApplicantName: d.Applicant.Name, ApplicantAddress: d.Applicant.Address,
		ReceivedOn: cn(r.ReceivedOn), DueOn: cn(r.DueOn),
		Correction: notice.Correction{
			Record: d.Record, Inaccuracy: d.Inaccuracy, Requested: d.Requested, Evidence: d.Evidence,
			Days: ag.CorrectionDays,
		},
	}
}

// decisionData adds the signed decision to a letter's data; a refusal
// carries the remedies paragraph (Art. 51) naming the agency's
// reconsideration authority and court.
func decisionData(data *notice.Data, dec Decision, ag agency.Agency) {
	c := &data.Correction
	c.Outcome, c.Corrected, c.TransferMode = string(dec.Outcome), dec.Corrected, string(dec.TransferMode)
	c.TransferAgency, c.Reason = dec.TransferAgency, dec.Reason
	if dec.Outcome == OutcomeRefused {
		c.Remedies = review.Remedies{Reconsideration: ag.ReconsiderationAuthority, Court: ag.Court}.Paragraph(false)
	}
}

// render renders a letter of kind k with the agency's own template if it
// has one, numbered after the event that sends it.
func render(ctx context.Context, tx pgx.Tx, r *Request, k notice.Kind, seq int, data notice.Data, now time.Time) (Letter, error) {
	override, _, err := agency.Template(ctx, tx, r.AgencyID, string(k))
	if err != nil {
		return Letter{}, err
	}
	html, err := notice.Render(k, override, data)
	if err != nil {
		return Letter{}, fmt.Errorf("render %s for %s: %w", k, r.TrackingNumber, err)
	}
	sum := sha256.Sum256([]byte(html))
	return Letter{RequestID: r.ID, EventSeq: seq, Kind: k, Number: data.Number, Title: k.Title(), HTML: html,
		SHA256: sum[:], IssuedAt: now}, nil
}
