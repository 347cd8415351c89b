package correction

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/applicant"
	"foi/services/calendar"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/notice"
	"foi/services/outbox"
	"foi/services/pg"
)

// Service runs the use cases of correction requests. Every method takes
// the actor making the call, so each change is attributed and scoped.
type Service struct {
	db         *pgxpool.Pool
	calendars  *calendar.Store
	now        func() time.Time
	historyKey []byte
}

// NewService returns a Service on db counting working days with the
// calendars in calendars; now is the clock every date is taken from, and
// historyKey keys the history's hash chain (the key of the cases'
// history; at least 32 bytes).
func NewService(db *pgxpool.Pool, calendars *calendar.Store, now func() time.Time, historyKey []byte) (*Service, error) {
	if len(historyKey) < 32 {
		return nil, errors.New("the history key must be at least 32 bytes")
	}
	return &Service{db: db, calendars: calendars, now: now, historyKey: historyKey}, nil
}

func (s *Service) today() clock.Date { return clock.DateOf(s.now()) }

// Submit files a request online. own is the identity registered on the
// applicant's account: the information must be about the applicant, so the
// request is made under that identity document.
func (s *Service) Submit(ctx context.Context, who actor.Actor, requestID string, d Details, own applicant.Identity) (Request, error) {
	if err := authorize(who, Submit); err != nil {
		return Request{}, err
	}
	var c errs.Collector
	checkRequestID(&c, requestID)
	c.Merge("details", d.normalise(s.today()))
	if err := c.Err(); err != nil {
		return Request{}, err
	}
	if own.IDNumber != "" && (d.Applicant.IDType != own.IDType || d.Applicant.IDNumber != own.IDNumber) {
		return Request{}, errs.Field("details.applicant.idNumber", "更正申请只能就与本人相关的政府信息提出，须使用本账号登记的身份证明")
	}
	r := Request{Channel: Online, Details: d, ApplicantAccountID: who.AccountID, ReceivedOn: s.today()}
	return s.create(ctx, who, Submit, requestID, r, requestHash(d, Online, clock.Date{}))
}

// Register records a request a clerk received at the window or by post,
// on receivedOn (zero: today), which may lie no further back than the
// agency's back-dating limit.
func (s *Service) Register(ctx context.Context, who actor.Actor, requestID string, d Details, ch Channel, receivedOn clock.Date) (Request, error) {
	if err := authorize(who, Register); err != nil {
		return Request{}, err
	}
	var c errs.Collector
	checkRequestID(&c, requestID)
	c.Merge("details", d.normalise(s.today()))
	if ch != InPerson && ch != Post {
		c.Add("channel", "须选择收到更正申请的方式：当面提交或邮寄")
	}
	hash := requestHash(d, ch, receivedOn)
	if receivedOn.IsZero() {
		receivedOn = s.today()
	}
	if receivedOn.After(s.today()) {
		c.Add("receivedOn", "收到申请的日期不能晚于今天")
	}
	if err := c.Err(); err != nil {
		return Request{}, err
	}
	r := Request{Channel: ch, Details: d, ReceivedOn: receivedOn}
	return s.create(ctx, who, Register, requestID, r, hash)
}

func checkRequestID(c *errs.Collector, id string) {
	if utf8.RuneCountInString(id) > 64 {
		c.Add("requestId", "请求标识不能超过 64 个字符")
	}
}

// requestHash identifies a request's content as sent (receivedOn as given,
// zero for "today"), so that a retry under the same request id, on
// another day too, is told from a different request.
func requestHash(d Details, ch Channel, receivedOn clock.Date) []byte {
	b, _ := json.Marshal(struct {
		D  Details
		C  Channel
		On string
	}{d, ch, receivedOn.String()})
	sum := sha256.Sum256(b)
	return sum[:]
}

// create stores a new request with its first history event and its
// acknowledgement letter, in one transaction. A request id makes it
// idempotent per account.
func (s *Service) create(ctx context.Context, who actor.Actor, e Event, requestID string, r Request, hash []byte) (Request, error) {
	r.requestHash = hash
	for attempt := 0; ; attempt++ {
		var out Request
		err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
			if requestID != "" {
				id, hash, err := findByRequestID(ctx, tx, who.AccountID, requestID)
				if err != nil {
					return err
				}
				if id != "" {
					if !bytes.Equal(hash, r.requestHash) {
						return errs.New(errs.AlreadyExists, "请求标识 "+requestID+" 已用于另一份内容不同的更正申请")
					}
					out, err = getRequest(ctx, tx, who, id, false)
					return err
				}
			}
			var err error
			out, err = s.insert(ctx, tx, who, e, requestID, r)
			return err
		})
		if errors.Is(err, errDuplicateRequest) && attempt == 0 {
			continue // a concurrent retry won; the next attempt returns its result
		}
		return out, err
	}
}

func (s *Service) insert(ctx context.Context, tx pgx.Tx, who actor.Actor, e Event, requestID string, r Request) (Request, error) {
	ag, err := agency.Lookup(ctx, tx, r.Details.AgencyID)
	if errors.Is(err, errs.NotFound) {
		return Request{}, errs.Field("details.agencyId", "没有这个机关")
	}
	if err != nil {
		return Request{}, err
	}
	if who.Role.Staff() && !who.InAgency(ag.ID) {
		return Request{}, errs.New(errs.PermissionDenied, "您不是该机关的工作人员，不能为其登记更正申请")
	}
	cal, cv, err := s.calendars.Calendar(ctx, tx, ag.Region)
	if err != nil {
		return Request{}, err
	}
	r.calendarVersion, r.PeriodDays = cv, ag.CorrectionDays
	if e == Register {
		if earliest, _ := cal.AddWorkingDays(s.today(), -ag.MaxBackdateDays); r.ReceivedOn.Before(earliest) {
			return Request{}, errs.Field("receivedOn", fmt.Sprintf("收到申请的日期不能早于本机关补登上限（%d 个工作日，即 %s）", ag.MaxBackdateDays, cn(earliest)))
		}
	}
	to, err := Next(New, e, Always)
	if err != nil {
		return Request{}, err
	}
	r.AgencyID, r.State, r.Version = ag.ID, to, 1
	r.DueOn, _ = cal.AddWorkingDays(r.ReceivedOn, r.PeriodDays)
	r.CreatedBy, r.CreatedAt, r.UpdatedAt = who.AccountID, s.now(), s.now()
	if r.TrackingNumber, err = nextTrackingNumber(ctx, tx, ag.ID, ag.Code, r.ReceivedOn); err != nil {
		return Request{}, err
	}
	if err := insertRequest(ctx, tx, &r, requestID); err != nil {
		return Request{}, err
	}
	st := step{
		payload: map[string]string{"trackingNumber": r.TrackingNumber, "channel": string(r.Channel), "receivedOn": r.ReceivedOn.String()},
		letter:  notice.CorrectionReceipt,
		outbox: []outbox.Message{{Topic: "correction.received", Recipient: "staff:" + ag.ID + ":HEAD",
			Subject: fmt.Sprintf("收到更正申请 %s，待分办", r.TrackingNumber),
			Body:    fmt.Sprintf("更正申请 %s（%s）已于%s受理，办理期限截止日为%s，请指定承办人。", r.TrackingNumber, r.Details.Record, cn(r.ReceivedOn), cn(r.DueOn))}},
	}
	if err := s.record(ctx, tx, who, &r, ag, e, New, r.Version, st); err != nil {
		return Request{}, err
	}
	return getRequest(ctx, tx, who, r.ID, false)
}

// step is what one event does besides moving the state: a decision
// returns it and the transition records all of it in the event's
// transaction.
type step struct {
	guard   Guard
	reason  string
	payload any
	letter  notice.Kind // the letter the event sends, if any
	outbox  []outbox.Message
}

// record writes a change already made to r in memory: the letter the
// event sends, the history event (whose payload carries the letter's
// digest), the row (if still at readVersion), and the messages.
func (s *Service) record(ctx context.Context, tx pgx.Tx, who actor.Actor, r *Request, ag agency.Agency, e Event, from State, readVersion int64, st step) error {
	r.UpdatedAt = s.now()
	seq := r.historySeq + 1
	p := historyPayload{Data: st.payload, DueOn: r.DueOn.String()}
	var letter *Letter
	if st.letter != "" {
		data := letterData(r, ag, fmt.Sprintf("%s-%d", r.TrackingNumber, seq), s.today())
		if st.letter == notice.CorrectionDecision {
			decisionData(&data, r.Decision, ag)
		}
		l, err := render(ctx, tx, r, st.letter, seq, data, s.now())
		if err != nil {
			return err
		}
		letter = &l
		p.Letters = append(p.Letters, letterDigest{Number: l.Number, Kind: string(l.Kind), SHA256: hex.EncodeToString(l.SHA256)})
	}
	h, err := nextEvent(r, s.historyKey, e, from, who, s.now(), st.reason, p)
	if err != nil {
		return err
	}
	if err := updateRequest(ctx, tx, r, readVersion); err != nil {
		return err
	}
	if err := insertEvent(ctx, tx, h); err != nil {
		return err
	}
	msgs := st.outbox
	if letter != nil {
		if err := insertLetter(ctx, tx, *letter); err != nil {
			return err
		}
		if to := applicantAddress(r.Details.Applicant); to != "" {
			msgs = append(msgs, outbox.Message{Topic: "correction." + string(letter.Kind), Recipient: to,
				Subject: fmt.Sprintf("%s：%s（%s）", ag.Name, letter.Title, r.TrackingNumber),
				Body: fmt.Sprintf("%s您好：\n%s就您的更正申请（编号 %s）出具了《%s》（编号 %s），请登录系统查看或留意邮寄送达。",
					r.Details.Applicant.Name, ag.Name, r.TrackingNumber, letter.Title, letter.Number)})
		}
	}
	for _, m := range msgs {
		if _, err := outbox.Enqueue(ctx, tx, m, s.now()); err != nil {
			return err
		}
	}
	return nil
}

func applicantAddress(a applicant.Identity) string {
	switch {
	case a.Email != "":
		return "mailto:" + a.Email
	case a.Phone != "" && strings.HasPrefix(a.Phone, "1"):
		return "sms:" + a.Phone
	}
	return ""
}
