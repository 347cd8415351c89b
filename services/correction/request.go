package correction

import (
	"strings"
	"time"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
)

// Channel is how a request arrived.
type Channel string

// The channels.
const (
	Online   Channel = "ONLINE"
	InPerson Channel = "IN_PERSON"
	Post     Channel = "POST"
)

// Outcome is what the agency decided.
type Outcome string

// The outcomes (Art. 41).
const (
	// OutcomeCorrected: found true, corrected (更正并告知).
	OutcomeCorrected Outcome = "CORRECTED"
	// OutcomeTransferred: not within the agency's functions; sent on to the
	// agency with the power, or the applicant told to apply there.
	OutcomeTransferred Outcome = "TRANSFERRED"
	// OutcomeRefused: not corrected, with the reason.
	OutcomeRefused Outcome = "REFUSED"
)

// TransferMode is how a request outside the agency's functions goes on.
type TransferMode string

// The transfer modes.
const (
	Forwarded   TransferMode = "FORWARDED"     // 转送有权更正的行政机关处理
	ToldToApply TransferMode = "TOLD_TO_APPLY" // 告知申请人向有权更正的行政机关提出
)

// Details is what the applicant asks.
type Details struct {
	AgencyID   string
	Applicant  applicant.Identity
	Record     string // which record holds the information
	Inaccuracy string // what it says that is wrong
	Requested  string // what it should say
	Evidence   string // the evidence offered, described
}

// Decision is the officer's decision, which the head signs.
type Decision struct {
	Outcome        Outcome
	Corrected      string // CORRECTED: what the record says now
	TransferMode   TransferMode
	TransferAgency string
	Reason         string
}

// Request is one correction request.
type Request struct {
	ID                 string
	AgencyID           string
	TrackingNumber     string
	State              State
	Version            int64
	Channel            Channel
	Details            Details
	ApplicantAccountID string
	ReceivedOn, DueOn  clock.Date
	PeriodDays         int // the agency's correctionDays when it was received
	AssigneeID         string
	AssigneeName       string
	Decision           Decision // zero until the officer decides
	DecidedBy          string   // name
	DecidedByID        string
	DecidedAt          time.Time
	SignedBy           string // name
	SignedByID         string
	SignedAt           time.Time
	ClosedOn           clock.Date
	CreatedBy          string
	CreatedAt          time.Time
	UpdatedAt          time.Time
	requestHash        []byte
	calendarVersion    int64
	historySeq         int
	historyHash        []byte
}

// Decided reports whether the head has signed the decision.
func (r *Request) Decided() bool {
	return r.State == Corrected || r.State == Transferred || r.State == Refused
}

// AllowedFor lists the events who may send now: those the state allows
// and the role may send, and of those only what the person may: an
// officer takes only a request nobody handles yet, and decides only one
// assigned to them.
func (r *Request) AllowedFor(who actor.Actor) []Event {
	var out []Event
	for _, e := range Allowed(r.State) {
		if authorize(who, e) != nil {
			continue
		}
		if e == Decide && r.AssigneeID != who.AccountID {
			continue
		}
		if e == Assign && who.Role == actor.Officer && r.AssigneeID != "" {
			continue
		}
		out = append(out, e)
	}
	return out
}

// The longest texts a request takes, in characters.
const (
	maxText   = 2000
	maxReason = 1000
	maxName   = 100
)

// required trims s and adds a violation when it is empty or too long.
func required(c *errs.Collector, field, s string, max int, missing string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		c.Add(field, missing)
	}
	c.MaxLength(field, s, max)
	return s
}

// normalise checks what the applicant asks; field names are relative to
// the details.
func (d *Details) normalise(today clock.Date) error {
	var c errs.Collector
	if d.AgencyID == "" {
		c.Add("agencyId", "须选择受理更正申请的机关")
	}
	c.Merge("applicant", d.Applicant.Normalise(today))
	d.Record = required(&c, "record", d.Record, maxText, "须写明所涉政府信息记录（如文件、名单或登记簿的名称）")
	d.Inaccuracy = required(&c, "inaccuracy", d.Inaccuracy, maxText, "须写明记录中不准确的内容")
	d.Requested = required(&c, "requested", d.Requested, maxText, "须写明要求更正为何种内容")
	d.Evidence = required(&c, "evidence", d.Evidence, maxText, "须说明证明记录不准确的证据（第四十一条：有证据证明）")
	return c.Err()
}

// validate checks an officer's decision; field names are relative to it.
func (d *Decision) validate() error {
	var c errs.Collector
	d.Corrected = strings.TrimSpace(d.Corrected)
	d.TransferAgency = strings.TrimSpace(d.TransferAgency)
	d.Reason = strings.TrimSpace(d.Reason)
	c.MaxLength("corrected", d.Corrected, maxText)
	c.MaxLength("transferAgency", d.TransferAgency, maxName)
	c.MaxLength("reason", d.Reason, maxReason)
	switch d.Outcome {
	case OutcomeCorrected:
		if d.Corrected == "" {
			c.Add("corrected", "予以更正的，须写明更正后的记录内容")
		}
		d.TransferMode, d.TransferAgency = "", ""
	case OutcomeTransferred:
		if d.TransferMode != Forwarded && d.TransferMode != ToldToApply {
			c.Add("transferMode", "须选择转送有权机关处理，或者告知申请人向有权机关提出")
		}
		if d.TransferAgency == "" {
			c.Add("transferAgency", "须写明有权更正的行政机关")
		}
		d.Corrected = ""
	case OutcomeRefused:
		if d.Reason == "" {
			c.Add("reason", "不予更正的，须说明理由")
		}
		d.Corrected, d.TransferMode, d.TransferAgency = "", "", ""
	default:
		c.Add("outcome", "须选择处理结果：予以更正、转送或告知向有权机关提出、不予更正")
	}
	return c.Err()
}
