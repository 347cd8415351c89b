package cases

import (
	"fmt"
	"strings"

	"foi/services/clock"
	"foi/services/errs"
)

// regulation2007InForce is the first day any open-government regulation
// applied; earlier receipt dates are typing mistakes.
var regulation2007InForce = clock.MustParseDate("2008-05-01")

// normalise validates the application's required contents (Art. 29) and
// normalises document numbers and contacts. Field names are the JSON paths
// of the API request under "details".
func (d *Details) normalise(today clock.Date) error {
	var c errs.Collector
	trim(&d.AgencyID, &d.Applicant.Name, &d.Applicant.ContactPerson, &d.Applicant.Address,
		&d.Information.Title, &d.Information.DocumentNumber, &d.Information.Description,
		&d.MediumOther, &d.Note)
	if d.AgencyID == "" {
		c.Add("details.agencyId", "必须指明受理机关")
	}
	c.Merge("details.applicant", d.Applicant.Normalise(today))

	info := d.Information
	if info.Title == "" && info.Description == "" {
		c.Add("details.information", "须填写所需信息的名称或内容描述（至少一项）")
	}
	c.MaxLength("details.information.title", info.Title, 200)
	c.MaxLength("details.information.documentNumber", info.DocumentNumber, 100)
	c.MaxLength("details.information.description", info.Description, 2000)

	switch d.Medium {
	case Paper, Electronic, Inspection, Transcription:
		if d.MediumOther != "" {
			c.Add("details.mediumOther", "仅在信息形式为“其他”时填写")
		}
	case OtherMedium:
		if d.MediumOther == "" {
			c.Add("details.mediumOther", "信息形式为“其他”时须说明具体形式")
		}
		c.MaxLength("details.mediumOther", d.MediumOther, 100)
	default:
		c.Add("details.medium", "须选择获取信息的方式（纸质、电子、查阅、抄录或其他）")
	}
	switch d.Delivery {
	case CollectInPerson, Online:
	case Post:
		if d.Applicant.Address == "" {
			c.Add("details.applicant.address", "选择邮寄时须填写通讯地址")
		}
	case Email:
		if d.Applicant.Email == "" {
			c.Add("details.applicant.email", "选择电子邮件时须填写电子邮箱")
		}
	default:
		c.Add("details.delivery", "须选择获取信息的途径（自行领取、邮寄、电子邮件或网上获取）")
	}
	c.MaxLength("details.note", d.Note, 1000)
	return c.Err()
}

func trim(ps ...*string) {
	for _, p := range ps {
		*p = strings.TrimSpace(*p)
	}
}

// receivedOn applies Art. 31 to an application a clerk registers: which
// date the channel requires, and which day the application counts as
// received. Dates the channel does not use must be empty, so that a record
// never carries a date nobody relied on.
func (in *Intake) receivedOn(today clock.Date) (clock.Date, error) {
	var c errs.Collector
	need := func(field string, d clock.Date, what string) {
		if d.IsZero() {
			c.Add("intake."+field, "该渠道须填写"+what)
		}
	}
	unused := func(field string, d clock.Date) {
		if !d.IsZero() {
			c.Add("intake."+field, "该渠道不使用此日期")
		}
	}
	var received clock.Date
	switch in.Channel {
	case ChannelInPerson, ChannelOral:
		need("handedInOn", in.HandedInOn, "当面提交的日期")
		unused("signedOn", in.SignedOn)
		unused("arrivedOn", in.ArrivedOn)
		unused("confirmedOn", in.ConfirmedOn)
		received = in.HandedInOn
	case ChannelSignedPost:
		need("signedOn", in.SignedOn, "签收日期")
		unused("handedInOn", in.HandedInOn)
		unused("arrivedOn", in.ArrivedOn)
		unused("confirmedOn", in.ConfirmedOn)
		received = in.SignedOn
	case ChannelOrdinaryLetter:
		need("arrivedOn", in.ArrivedOn, "信件到达日期")
		need("confirmedOn", in.ConfirmedOn, "与申请人确认收到的日期")
		unused("handedInOn", in.HandedInOn)
		unused("signedOn", in.SignedOn)
		if !in.ArrivedOn.IsZero() && in.ConfirmedOn.Before(in.ArrivedOn) && !in.ConfirmedOn.IsZero() {
			c.Add("intake.confirmedOn", "确认日期不能早于信件到达日期")
		}
		received = in.ConfirmedOn
	case ChannelFax:
		need("confirmedOn", in.ConfirmedOn, "双方确认收到的日期")
		unused("handedInOn", in.HandedInOn)
		unused("signedOn", in.SignedOn)
		unused("arrivedOn", in.ArrivedOn)
		received = in.ConfirmedOn
	case ChannelOnline:
		c.Add("intake.channel", "网上申请由申请人在线提交，由窗口确认，不在此登记")
	default:
		c.Add("intake.channel", "须选择收到申请的渠道")
	}
	for field, d := range map[string]clock.Date{"handedInOn": in.HandedInOn, "signedOn": in.SignedOn, "arrivedOn": in.ArrivedOn, "confirmedOn": in.ConfirmedOn} {
		checkReceiptDate(&c, "intake."+field, d, today)
	}
	if err := c.Err(); err != nil {
		return clock.Date{}, err
	}
	return received, nil
}

func checkReceiptDate(c *errs.Collector, field string, d, today clock.Date) {
	switch {
	case d.IsZero():
	case d.After(today):
		c.Add(field, "日期不能晚于今天（"+today.String()+"）")
	case d.Before(regulation2007InForce):
		c.Add(field, "日期早于政府信息公开条例施行日（2008-05-01）")
	}
}

// BackdateFreeDays is how many working days before the day of
// registration a receipt may be dated without a reason (issue 10, item 3).
const BackdateFreeDays = 3

// maxBackdateReason bounds the reason for a back-dated receipt.
const maxBackdateReason = 500

// decideBackdate judges a receipt dated back working days before the day
// of registration: more than BackdateFreeDays needs a reason; more than
// the agency's limit needs the head's approval, and since only a clerk
// registers (workflow.md: register), such a date is refused, telling the
// clerk how to proceed: register on an allowed date, then the head
// corrects the received-on date (correct_details). A reason given for a receipt that needs none is
// kept as given.
func decideBackdate(in *Intake, received clock.Date, back, limit int) error {
	in.BackdateReason = strings.TrimSpace(in.BackdateReason)
	var c errs.Collector
	c.MaxLength("intake.backdateReason", in.BackdateReason, maxBackdateReason)
	switch {
	case back > limit:
		c.Add("intake", fmt.Sprintf("收件日期 %s 早于今天 %d 个工作日，超过本机关允许补登的 %d 个工作日，须经负责人批准；"+
			"窗口不能以该日期登记：请以本机关允许的日期登记（写明理由），再由负责人以“更正登记信息”更正受理日期", received, back, limit))
	case back > BackdateFreeDays && in.BackdateReason == "":
		c.Add("intake.backdateReason", fmt.Sprintf("收件日期 %s 早于今天 %d 个工作日（超过 %d 个工作日），须写明补登理由",
			received, back, BackdateFreeDays))
	}
	return c.Err()
}
