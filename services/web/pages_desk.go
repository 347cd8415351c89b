package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	foiv1 "foi/gen/foi/v1"
)

// queuePage is how many submissions one page of the queue shows.
const queuePage = 50

// confirmQueue is the window desk's queue of online submissions waiting
// to be confirmed, oldest first, with how long each has waited.
func (s *Site) confirmQueue(q *req) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListApplicationsResponse, error) {
		return s.apps.ListApplications(ctx, &foiv1.ListApplicationsRequest{State: stSubmitted, OrderBy: foiv1.ListOrder_LIST_ORDER_SUBMITTED_OLDEST,
			PageSize: queuePage, PageToken: q.r.URL.Query().Get("page")})
	})
	if err != nil {
		return err
	}
	apps := res.GetApplications()
	v := &listView{Heading: "待确认的网上申请", Intro: "按提交时间排列，等待最久的在前。确认收到之日即为收到申请之日。", Empty: "目前没有待确认的网上申请。"}
	v.Title = v.Heading
	v.Rows = s.rows(q, apps, "/cases/", nil)
	for i, a := range apps {
		v.Rows[i].Age = age(s.now(), a.GetIntake().GetSubmitTime().AsTime())
	}
	if t := res.GetNextPageToken(); t != "" {
		v.Next = "/desk?page=" + url.QueryEscape(t)
	}
	q.render("queue", v)
	return nil
}

// age says how long ago t was, in words.
func age(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d 分钟", max(int(d.Minutes()), 0))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d 小时", int(d.Hours()))
	}
	return fmt.Sprintf("%d 天", int(d.Hours()/24))
}

// channelDates are the Art. 31 dates each channel asks for.
var channelDates = map[string][]option{
	"INTAKE_CHANNEL_IN_PERSON":       {{"intake.handedInOn", "递交日期"}},
	"INTAKE_CHANNEL_ORAL":            {{"intake.handedInOn", "口头提出日期"}},
	"INTAKE_CHANNEL_SIGNED_POST":     {{"intake.signedOn", "签收日期"}},
	"INTAKE_CHANNEL_ORDINARY_LETTER": {{"intake.arrivedOn", "信件到达日期"}, {"intake.confirmedOn", "与申请人确认日期"}},
	"INTAKE_CHANNEL_FAX":             {{"intake.confirmedOn", "双方确认收到传真的日期"}},
}

var deskFields = []string{"requestId", "intake.channel", "intake.handedInOn", "intake.signedOn", "intake.arrivedOn", "intake.confirmedOn",
	"intake.backdateReason", "details.agencyId", "details.applicant.type", "details.applicant.name", "details.applicant.idType", "details.applicant.idNumber",
	"details.applicant.contactPerson", "details.applicant.phone", "details.applicant.email", "details.applicant.address",
	"details.information.title", "details.information.documentNumber", "details.information.description",
	"details.medium", "details.mediumOther", "details.delivery", "details.needsAssistance", "details.note"}

// deskView is the window registration form: the channel first, then that
// channel's fields only.
type deskView struct {
	base
	Form           form
	Channel        string
	ChannelName    string
	Channels       []option
	Dates          []option
	Agencies       []option
	ApplicantTypes []option
	IDTypes        []option
	Media          []option
	Deliveries     []option
}

func (s *Site) registerChannel(q *req) error {
	f := newForm()
	f.Values["intake.channel"] = q.r.URL.Query().Get("channel")
	f.Values["requestId"] = newRequestID()
	f.Values["details.applicant.type"] = "APPLICANT_TYPE_NATURAL_PERSON"
	f.Values["details.applicant.idType"] = "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD"
	return s.renderDesk(q, f)
}

func (s *Site) renderDesk(q *req, f form) error {
	ch := f.get("intake.channel")
	v := &deskView{Form: f, Channels: channels, ApplicantTypes: applicantTypes, IDTypes: idTypes, Media: media, Deliveries: deliveries}
	if dates, ok := channelDates[ch]; ok {
		v.Channel, v.ChannelName, v.Dates = ch, labelOf(channels, ch), dates
	}
	names := s.agencyNames(q)
	for _, id := range q.me.GetAgencyIds() {
		v.Agencies = append(v.Agencies, option{id, names[id]})
	}
	if len(v.Agencies) == 1 {
		f.Values["details.agencyId"] = v.Agencies[0].Value
	}
	v.Title = "登记申请"
	q.render("desk_register", v)
	return nil
}

func (s *Site) registerApplication(q *req) error {
	f := q.formFrom(deskFields...)
	if _, ok := channelDates[f.get("intake.channel")]; !ok {
		f.Errors.add("intake.channel", "请选择申请的提交方式")
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderDesk(q, f)
	}
	d := detailsFrom(f, applicantFrom(f, "details.applicant."))
	in := &foiv1.Intake{Channel: foiv1.IntakeChannel(foiv1.IntakeChannel_value[f.get("intake.channel")]),
		HandedInOn: f.get("intake.handedInOn"), SignedOn: f.get("intake.signedOn"), ArrivedOn: f.get("intake.arrivedOn"), ConfirmedOn: f.get("intake.confirmedOn"),
		BackdateReason: f.get("intake.backdateReason")}
	res, err := call(q, func(ctx context.Context) (*foiv1.RegisterApplicationResponse, error) {
		return s.apps.RegisterApplication(ctx, &foiv1.RegisterApplicationRequest{RequestId: f.get("requestId"), Details: d, Intake: in})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderDesk(q, f)
	}
	if err != nil {
		return err
	}
	q.redirect("/desk/registered/" + res.GetApplication().GetId())
	return nil
}

// registeredView confirms a window registration and offers its receipt.
type registeredView struct {
	base
	ID, TrackingNumber, ReceivedOn, DueOn, Receipt string
}

func (s *Site) registered(q *req) error {
	c, err := s.loadCase(q, q.r.PathValue("id"))
	if err != nil {
		return err
	}
	a := c.app
	v := &registeredView{ID: a.GetId(), TrackingNumber: a.GetTrackingNumber(), ReceivedOn: dateCN(a.GetReceivedOn()), DueOn: dateMarked(a.GetDueOn(), a.GetDueProvisional())}
	for _, n := range c.notices {
		if n.GetKind() == "RECEIPT" {
			v.Receipt = "/applications/" + a.GetId() + "/notices/" + n.GetId()
		}
	}
	v.Title = "已登记"
	q.render("desk_done", v)
	return nil
}
