package cases

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/notice"
	"foi/services/outbox"
)

// noticeOrder is a document an event issues. The recipient is the
// applicant unless named; fill adds the event's own facts to the data.
type noticeOrder struct {
	kind      notice.Kind
	recipient string
	fill      func(d *notice.Data)
}

// cn formats a date for a notice: 2026年11月27日.
func cn(d clock.Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.YMD()
	return notice.FormatDate(y, m, day)
}

// cnProvisional formats a date counted across years whose holiday
// calendar is missing: the notice says it is provisional.
func cnProvisional(d clock.Date, missing clock.Years) string {
	if missing.Empty() || d.IsZero() {
		return cn(d)
	}
	return cn(d) + "（暂定，遇法定节假日顺延）"
}

var channelLabels = map[Channel]string{
	ChannelOnline: "网上申请", ChannelInPerson: "当面提交", ChannelSignedPost: "邮寄（签收）",
	ChannelOrdinaryLetter: "平常信函", ChannelFax: "传真", ChannelOral: "口头申请（代为填写）",
}

// request describes the information asked for, as a notice quotes it.
func (a *Application) request() string {
	info := a.Details.Information
	var parts []string
	if info.Title != "" {
		parts = append(parts, "《"+info.Title+"》")
	}
	if info.DocumentNumber != "" {
		parts = append(parts, "（"+info.DocumentNumber+"）")
	}
	if info.Description != "" {
		parts = append(parts, info.Description)
	}
	return strings.Join(parts, "")
}

// noticeData is what every notice on a case says about it.
func (s *Service) noticeData(app *Application, ag agency.Agency, number string) notice.Data {
	return notice.Data{
		Number:           number,
		Agency:           ag.Name,
		IssuedOn:         cn(s.today()),
		TrackingNumber:   app.TrackingNumber,
		QueryCode:        app.queryCode,
		ApplicantName:    app.Details.Applicant.Name,
		ApplicantAddress: app.Details.Applicant.Address,
		Request:          app.request(),
		ReceivedOn:       cn(app.ReceivedOn),
		Channel:          channelLabels[app.Intake.Channel],
		DueOn:            cn(app.DueOn),
		Regime:           app.Regime.String(),
	}
}

// render renders a notice of event seq with the agency's template (or the
// shipped one), as it will be stored and issued.
func (s *Service) render(ctx context.Context, tx pgx.Tx, app *Application, ag agency.Agency, seq int, number string, n noticeOrder) (Notice, error) {
	d := s.noticeData(app, ag, number)
	if n.fill != nil {
		n.fill(&d)
	}
	override, _, err := agency.Template(ctx, tx, ag.ID, string(n.kind))
	if err != nil {
		return Notice{}, err
	}
	html, err := notice.Render(n.kind, override, d)
	if err != nil {
		return Notice{}, fmt.Errorf("render %s for %s: %w", n.kind, app.ID, err)
	}
	recipient, toApplicant := n.recipient, n.recipient == ""
	if toApplicant {
		recipient = "申请人 " + app.Details.Applicant.Name
	}
	sum := sha256.Sum256([]byte(html))
	return Notice{ApplicationID: app.ID, EventSeq: seq, Kind: n.kind, Number: d.Number, Title: n.kind.Title(),
		Recipient: recipient, HTML: html, SHA256: sum[:], IssuedAt: s.now(), toApplicant: toApplicant}, nil
}

// deliver stores a rendered notice exactly as issued and tells the
// applicant of one addressed to them through the outbox.
func (s *Service) deliver(ctx context.Context, tx pgx.Tx, app *Application, ag agency.Agency, n Notice) error {
	if err := insertNotice(ctx, tx, n); err != nil {
		return err
	}
	if !n.toApplicant {
		return nil // addressed to a consultee: sent by post or their own channel
	}
	to := applicantAddress(app.Details.Applicant)
	if to == "" {
		return nil // no electronic contact: the clerk posts the printed notice
	}
	_, err := outbox.Enqueue(ctx, tx, outbox.Message{
		ApplicationID: app.ID,
		Topic:         "notice." + string(n.Kind),
		Recipient:     to,
		Subject:       fmt.Sprintf("%s：%s（%s）", ag.Name, n.Kind.Title(), app.TrackingNumber),
		Body: fmt.Sprintf("%s您好：\n%s就您的政府信息公开申请（编号 %s）出具了《%s》（文号 %s），请登录系统查看或留意邮寄送达。",
			app.Details.Applicant.Name, ag.Name, app.TrackingNumber, n.Kind.Title(), n.Number),
	}, s.now())
	return err
}

// applicantAddress is where electronic messages to the applicant go.
func applicantAddress(a applicant.Identity) string {
	switch {
	case a.Email != "":
		return "mailto:" + a.Email
	case a.Phone != "" && strings.HasPrefix(a.Phone, "1"):
		return "sms:" + a.Phone
	}
	return ""
}

// Notice is an issued document.
type Notice struct {
	ID            string
	ApplicationID string
	EventSeq      int
	Kind          notice.Kind
	Number        string
	Title         string
	Recipient     string
	HTML          string
	SHA256        []byte
	IssuedAt      time.Time
	toApplicant   bool // addressed to the applicant, who is told of it
}

// Notices lists the documents issued on a case, oldest first. An
// applicant sees those addressed to them, not the letters to consultees.
func (s *Service) Notices(ctx context.Context, who actor.Actor, id string) ([]Notice, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return nil, err
	}
	all, err := noticesOf(ctx, s.db, id)
	if err != nil || who.Role != actor.Applicant {
		return all, err
	}
	return slices.DeleteFunc(all, func(n Notice) bool { return n.Kind.Internal() }), nil
}

// Notice returns one issued document of a case; to an applicant, a letter
// to a consultee is NotFound, as a document that does not exist.
func (s *Service) Notice(ctx context.Context, who actor.Actor, id, noticeID string) (Notice, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return Notice{}, err
	}
	n, err := noticeOf(ctx, s.db, id, noticeID)
	if err == nil && who.Role == actor.Applicant && n.Kind.Internal() {
		return Notice{}, errs.New(errs.NotFound, "文书不存在")
	}
	return n, err
}
