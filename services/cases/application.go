// Package cases holds the application aggregate (依申请公开 case): its state
// machine, its use cases (intake and every transition) and its PostgreSQL
// store. Every change to a case is one transaction that locks the row, checks
// the version the caller read, asks the machine, and writes.
package cases

import (
	"time"

	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/outcome"
)

// Medium is the form in which the information is wanted.
type Medium string

// The media.
const (
	Paper         Medium = "PAPER"
	Electronic    Medium = "ELECTRONIC"
	Inspection    Medium = "INSPECTION"
	Transcription Medium = "TRANSCRIPTION"
	OtherMedium   Medium = "OTHER"
)

// Delivery is how the applicant wants to receive the information.
type Delivery string

// The delivery methods.
const (
	CollectInPerson Delivery = "COLLECT_IN_PERSON"
	Post            Delivery = "POST"
	Email           Delivery = "EMAIL"
	Online          Delivery = "ONLINE"
)

// Channel is how an application reached the agency (Art. 31).
type Channel string

// The intake channels.
const (
	ChannelOnline         Channel = "ONLINE"
	ChannelInPerson       Channel = "IN_PERSON"
	ChannelSignedPost     Channel = "SIGNED_POST"
	ChannelOrdinaryLetter Channel = "ORDINARY_LETTER"
	ChannelFax            Channel = "FAX"
	ChannelOral           Channel = "ORAL"
)

// Information describes what is asked for.
type Information struct {
	Title          string
	DocumentNumber string
	Description    string
}

// Details is what the applicant asks, as written on the form.
type Details struct {
	AgencyID        string
	Applicant       applicant.Identity
	Information     Information
	Medium          Medium
	MediumOther     string
	Delivery        Delivery
	NeedsAssistance bool
	Note            string
}

// Intake records how and when an application arrived.
type Intake struct {
	Channel     Channel
	SubmittedAt time.Time // online only
	HandedInOn  clock.Date
	SignedOn    clock.Date
	ArrivedOn   clock.Date
	ConfirmedOn clock.Date
	// BackdateReason: registration only, why the receipt date lies more
	// than BackdateFreeDays working days back; kept in the history.
	BackdateReason string
}

// Application is one case.
type Application struct {
	ID                 string
	AgencyID           string
	TrackingNumber     string
	State              State
	Version            int64
	Regime             clock.Regime
	Details            Details
	Intake             Intake
	ReceivedOn         clock.Date
	DueOn              clock.Date // derived from the clock ledger; stored for worklists
	DueProvisional     bool       // DueOn counted a year whose calendar is not loaded
	ClockVersion       int64      // the calendar version DueOn was computed under
	Region             string     // the agency's calendar region
	ApplicantAccountID string
	AssigneeID         string
	Outcome            outcome.Outcome
	RepliedOn          clock.Date // the reply was issued: the date the deadline is judged on
	ClosedOn           clock.Date
	ClarificationOn    clock.Date // the clarification notice went out (once per case)
	SupplementDueOn    clock.Date
	// SupplementDueProvisional: SupplementDueOn counted a year whose
	// calendar is not loaded.
	SupplementDueProvisional bool
	LateClarification        string // the recorded reason a clarification went out after 7 working days
	Pieces                   int    // pieces under the "one matter, one application" rule (fees)
	SplitReason              string
	CreatedBy                string
	CreatedAt                time.Time
	UpdatedAt                time.Time

	queryCode   string // the code printed on a receipt issued in this transaction
	historySeq  int    // the last history event's seq
	historyHash []byte // and its hash: the tip of the chain

	approvedDraftID   string // the draft the head may sign off
	approvedDraftHash []byte // SHA-256 of its content when approved
}
