package cases

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/outbox"
	"foi/services/pg"
)

// step is what one event does to a case besides moving its state. A
// decision returns it; the transition records all of it in the event's
// transaction.
type step struct {
	guard   Guard         // which guarded transition of the event applies
	reason  string        // the reason or comment, recorded with the event
	payload any           // the event's data, for the history
	writes  []rowWrite    // rows of other tables the event adds or changes
	clock   []clock.Event // clock facts the event establishes
	notices []noticeOrder // documents the event issues
	outbox  []outbox.Message
}

// rowWrite is a row an event adds or changes besides the case row, its
// history and its notices: a consultation, an extension request, a fee
// notice. Decisions describe it as a value; its write method, in the store
// file of its table, writes it in the event's transaction, before the case
// row (it may fill in case fields the database allocates, such as the
// tracking number). now is the moment of the transaction.
type rowWrite interface {
	write(ctx context.Context, tx pgx.Tx, app *Application, now time.Time) error
}

// applyFunc loads what one event's decision needs about a locked
// application, in tx, and returns the decision: the step, with the changes
// to app made in place.
type applyFunc func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error)

// historyPayload wraps an event's data with the due date it left behind
// and the digests of the documents it issued, which so become links of the
// hash chain.
type historyPayload struct {
	Data          any            `json:"data,omitempty"`
	DueOn         string         `json:"dueOn,omitempty"`
	PreviousDueOn string         `json:"previousDueOn,omitempty"`
	Notices       []noticeDigest `json:"notices,omitempty"`
}

// noticeDigest names a document an event issued and the SHA-256 of its
// text exactly as issued.
type noticeDigest struct {
	Number string `json:"number"`
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"` // hex
}

// transition is the one path by which an existing case changes. In one
// transaction it locks the row, refuses a stale version (Aborted), asks the
// machine (FailedPrecondition), checks the role (PermissionDenied), applies
// the event, records its clock facts and recomputes the due date, writes
// the row, appends the history event, issues the notices and queues the
// messages. Nothing is written unless all of it succeeds.
func (s *Service) transition(ctx context.Context, who actor.Actor, id string, version int64, e Event, apply applyFunc) (Application, error) {
	var out Application
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		app, err := getApplication(ctx, tx, who, id, true)
		if err != nil {
			return err
		}
		if app.Version != version {
			return errs.New(errs.Aborted, fmt.Sprintf("申请已被他人修改（您读取的版本为 %d，当前版本为 %d），请刷新后重试", version, app.Version))
		}
		if err := s.recountFirst(ctx, tx, &app); err != nil {
			return err
		}
		out, err = s.fire(ctx, tx, who, app, e, apply)
		return err
	})
	return out, err
}

// fire applies event e to app, which the caller has locked and checked,
// in the caller's transaction. The sweeper calls it directly.
func (s *Service) fire(ctx context.Context, tx pgx.Tx, who actor.Actor, app Application, e Event, apply applyFunc) (Application, error) {
	if !slices.Contains(Allowed(app.State), e) {
		return Application{}, notAllowed(app.State, e)
	}
	if err := authorize(who, e); err != nil {
		return Application{}, err
	}
	ag, err := agency.Lookup(ctx, tx, app.AgencyID)
	if err != nil {
		return Application{}, err
	}
	from, previousDue, readVersion := app.State, app.DueOn, app.Version
	st, err := apply(tx, &app, ag)
	if err != nil {
		return Application{}, err
	}
	to, err := Next(from, e, st.guard)
	if err != nil {
		return Application{}, err
	}
	for _, w := range st.writes {
		if err := w.write(ctx, tx, &app, s.now()); err != nil {
			return Application{}, err
		}
	}
	ended, err := s.endFeeReduction(ctx, tx, &app, e, from, to)
	if err != nil {
		return Application{}, err
	}
	st.outbox = append(st.outbox, ended...)
	for _, c := range st.clock {
		if err := appendClockEvent(ctx, tx, app.ID, c); err != nil {
			return Application{}, err
		}
	}
	app.State = to
	app.UpdatedAt = s.now()
	if err := s.refreshDue(ctx, tx, &app); err != nil {
		return Application{}, err
	}
	app.Version = readVersion + 1
	h, issued, err := s.chain(ctx, tx, &app, ag, string(e), from, who, previousDue, st)
	if err != nil {
		return Application{}, err
	}
	if err := updateApplication(ctx, tx, &app, readVersion); err != nil {
		return Application{}, err
	}
	return app, s.record(ctx, tx, &app, ag, h, issued, st)
}

// chain renders the documents the change issues, builds its history event
// (whose hashed payload carries the documents' digests) and moves app's tip
// of the hash chain to it; the caller then writes the case row, tip
// included, in one statement, and the event and documents with record.
func (s *Service) chain(ctx context.Context, tx pgx.Tx, app *Application, ag agency.Agency, event string, from State,
	who actor.Actor, previousDue clock.Date, st step) (HistoryEvent, []Notice, error) {
	seq := app.historySeq + 1
	var issued []Notice
	p := historyPayload{Data: st.payload, DueOn: app.DueOn.String()}
	for i, order := range st.notices {
		number := fmt.Sprintf("%s-%d", app.TrackingNumber, seq)
		if len(st.notices) > 1 { // several letters from one event, e.g. to each consultee
			number = fmt.Sprintf("%s-%d", number, i+1)
		}
		n, err := s.render(ctx, tx, app, ag, seq, number, order)
		if err != nil {
			return HistoryEvent{}, nil, err
		}
		issued = append(issued, n)
		p.Notices = append(p.Notices, noticeDigest{Number: n.Number, Kind: string(n.Kind), SHA256: hex.EncodeToString(n.SHA256)})
	}
	if app.DueOn != previousDue {
		p.PreviousDueOn = previousDue.String()
	}
	h, err := nextHistoryEvent(app, s.historyKey, event, from, who, s.now(), st.reason, p)
	return h, issued, err
}

// record appends the history event h of a change already written to the
// case row, stores the documents it issued and tells the applicant of
// them, and queues its messages.
func (s *Service) record(ctx context.Context, tx pgx.Tx, app *Application, ag agency.Agency, h HistoryEvent, issued []Notice, st step) error {
	if err := insertHistoryEvent(ctx, tx, h); err != nil {
		return err
	}
	for _, n := range issued {
		if err := s.deliver(ctx, tx, app, ag, n); err != nil {
			return err
		}
	}
	for _, m := range append(st.outbox, staffMessages(app, Event(h.Event))...) {
		m.ApplicationID = app.ID
		if _, err := outbox.Enqueue(ctx, tx, m, s.now()); err != nil {
			return err
		}
	}
	return nil
}
