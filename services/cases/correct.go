package cases

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
)

// The fields correct_details may change, by the API's (proto) names.
const (
	CorrectApplicantName          = "applicant_name"
	CorrectApplicantContactPerson = "applicant_contact_person"
	CorrectApplicantPhone         = "applicant_phone"
	CorrectApplicantEmail         = "applicant_email"
	CorrectApplicantAddress       = "applicant_address"
	CorrectApplicantIDNumber      = "applicant_id_number" // named only to be refused
	CorrectTitle                  = "title"
	CorrectDocumentNumber         = "document_number"
	CorrectDescription            = "description"
	CorrectReceivedOn             = "received_on" // the head's alone
)

var correctionFields = []string{CorrectApplicantName, CorrectApplicantContactPerson, CorrectApplicantPhone,
	CorrectApplicantEmail, CorrectApplicantAddress, CorrectApplicantIDNumber, CorrectTitle, CorrectDocumentNumber,
	CorrectDescription, CorrectReceivedOn}

// IsCorrectionField reports whether name is a field correct_details knows
// (the identity document number is known so that its refusal can say why).
func IsCorrectionField(name string) bool { return slices.Contains(correctionFields, name) }

// Correction is a clerk's correction of a registration: the new values of
// the fields it names in Fields (an update mask); the others are ignored.
type Correction struct {
	Fields                                     []string
	ApplicantName, ContactPerson, Phone, Email string
	Address, IDNumber                          string
	Title, DocumentNumber, Description         string
	ReceivedOn                                 clock.Date
}

// CorrectDetails corrects the applicant or information details of a
// registration before the reply, with a reason; the history records the
// fields changed, before and after. Received-on moves the clock, so only
// the head corrects it; the due date is then recomputed from the new date
// as on intake.
func (s *Service) CorrectDetails(ctx context.Context, who actor.Actor, id string, version int64, c Correction, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, CorrectDetails, func(_ pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		return decideCorrection(app, who, c, reason, s.today())
	})
}

// correctionPayload is the history's record of a correction: only the
// fields changed, each before and after.
type correctionPayload struct {
	Reason string            `json:"reason"`
	Fields []string          `json:"fields"`
	Before map[string]string `json:"before"`
	After  map[string]string `json:"after"`
}

// decideCorrection applies c to app's details, validated as on intake.
func decideCorrection(app *Application, who actor.Actor, c Correction, reason string, today clock.Date) (step, error) {
	var col errs.Collector
	reason = required(&col, "reason", reason, 500)
	d := app.Details
	receivedOn := app.ReceivedOn
	for _, f := range c.Fields {
		switch f {
		case CorrectApplicantName:
			d.Applicant.Name = c.ApplicantName
		case CorrectApplicantContactPerson:
			d.Applicant.ContactPerson = c.ContactPerson
		case CorrectApplicantPhone:
			d.Applicant.Phone = c.Phone
		case CorrectApplicantEmail:
			d.Applicant.Email = c.Email
		case CorrectApplicantAddress:
			d.Applicant.Address = c.Address
		case CorrectApplicantIDNumber:
			col.Add("correction.applicantIdNumber", "身份证明号码不能在此更正：更换证件即更换了申请人，应由申请人重新提出申请")
		case CorrectTitle:
			d.Information.Title = c.Title
		case CorrectDocumentNumber:
			d.Information.DocumentNumber = c.DocumentNumber
		case CorrectDescription:
			d.Information.Description = c.Description
		case CorrectReceivedOn:
			switch {
			case who.Role != actor.Head:
				col.Add("correction.receivedOn", "受理日期关系答复期限，须由负责人更正")
			case app.ReceivedOn.IsZero():
				col.Add("correction.receivedOn", "申请尚未确认收到，没有可更正的受理日期")
			case c.ReceivedOn.IsZero():
				col.Add("correction.receivedOn", "须填写更正后的受理日期")
			case c.ReceivedOn.After(today):
				col.Add("correction.receivedOn", "受理日期不能晚于今天")
			default:
				receivedOn = c.ReceivedOn
			}
		default:
			col.Add("updateMask", "没有可更正的字段 "+f)
		}
	}
	col.Merge("correction", d.normalise(today))
	if err := col.Err(); err != nil {
		return step{}, err
	}
	p := correctionPayload{Reason: reason, Before: map[string]string{}, After: map[string]string{}}
	note := func(field, before, after string) {
		if before != after {
			p.Fields = append(p.Fields, field)
			p.Before[field], p.After[field] = before, after
		}
	}
	was, now := app.Details.Applicant, d.Applicant
	note(CorrectApplicantName, was.Name, now.Name)
	note(CorrectApplicantContactPerson, was.ContactPerson, now.ContactPerson)
	note(CorrectApplicantPhone, was.Phone, now.Phone)
	note(CorrectApplicantEmail, was.Email, now.Email)
	note(CorrectApplicantAddress, was.Address, now.Address)
	note(CorrectTitle, app.Details.Information.Title, d.Information.Title)
	note(CorrectDocumentNumber, app.Details.Information.DocumentNumber, d.Information.DocumentNumber)
	note(CorrectDescription, app.Details.Information.Description, d.Information.Description)
	note(CorrectReceivedOn, app.ReceivedOn.String(), receivedOn.String())
	if len(p.Fields) == 0 {
		return step{}, errs.Field("correction", "所填内容与登记信息相同，没有需要更正之处")
	}
	st := step{reason: reason, payload: p}
	if now != was {
		st.writes = append(st.writes, applicantCorrected{to: now})
	}
	app.Details = d
	if receivedOn != app.ReceivedOn {
		// No clock fact holds received-on: it is the ledger's origin. The
		// due date is recomputed from the corrected date, as on intake,
		// under the regime of that date.
		app.ReceivedOn, app.Regime = receivedOn, clock.RegimeFor(receivedOn)
	}
	return st, nil
}

// applicantCorrected writes the corrected applicant details; the case row
// (information, received-on) is written by the transition.
type applicantCorrected struct{ to applicant.Identity }

func (w applicantCorrected) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	_, err := tx.Exec(ctx, `
		UPDATE applications SET applicant_name = $2, applicant_contact_person = $3, applicant_phone = $4,
			applicant_email = $5, applicant_address = $6
		WHERE id = $1`, app.ID, w.to.Name, w.to.ContactPerson, w.to.Phone, w.to.Email, w.to.Address)
	if err != nil {
		return fmt.Errorf("correct applicant of %s: %w", app.ID, pg.Translate(err))
	}
	return nil
}
