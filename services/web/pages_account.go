package web

import (
	"context"
	"net/http"

	"google.golang.org/protobuf/types/known/fieldmaskpb"

	foiv1 "foi/gen/foi/v1"
)

// contactFields are the contact details an applicant changes online, by
// their API names; the identity document changes at the window.
var contactFields = []string{"contact.contactPerson", "contact.phone", "contact.email", "contact.address"}

// contactMask names contactFields in the update mask (proto names).
var contactMask = map[string]string{"contact.contactPerson": "contact_person", "contact.phone": "phone", "contact.email": "email", "contact.address": "address"}

// accountView is the applicant's account page: who they are, as the
// account records it, and their contact details to change.
type accountView struct {
	base
	Identity []detailRow
	Form     form
	Was      []option // the values the form was shown with
}

func contactValues(a *foiv1.Applicant) map[string]string {
	return map[string]string{"contact.contactPerson": a.GetContactPerson(), "contact.phone": a.GetPhone(), "contact.email": a.GetEmail(), "contact.address": a.GetAddress()}
}

func (s *Site) accountPage(q *req) error {
	f := newForm()
	for k, v := range contactValues(q.me.GetIdentity()) {
		f.Values[k], f.Values["was."+k] = v, v
	}
	return s.renderAccount(q, f)
}

func (s *Site) renderAccount(q *req, f form) error {
	id := q.me.GetIdentity()
	v := &accountView{Form: f, Identity: []detailRow{
		{Key: "账户名", Value: q.me.GetLogin()},
		{Key: "申请人类型", Value: labelOf(applicantTypes, id.GetType().String())},
		{Key: "姓名或名称", Value: id.GetName()},
		{Key: "证件类型", Value: labelOf(idTypes, id.GetIdType().String())},
		{Key: "证件号码", Value: id.GetIdNumber()},
	}}
	for _, n := range contactFields {
		v.Was = append(v.Was, option{"was." + n, f.Values["was."+n]})
	}
	v.Title = "我的账户"
	q.render("account", v)
	return nil
}

// updateContact sends only the fields the person changed on the form
// (against the values it was shown with, which it carries), named in the
// mask, so a detail changed elsewhere meanwhile is not overwritten.
func (s *Site) updateContact(q *req) error {
	f := q.formFrom(contactFields...)
	mask := &fieldmaskpb.FieldMask{}
	for _, n := range contactFields {
		f.Values["was."+n] = q.r.PostFormValue("was." + n)
		if f.get(n) != f.Values["was."+n] {
			mask.Paths = append(mask.Paths, contactMask[n])
		}
	}
	if len(mask.Paths) == 0 {
		q.redirectWith("/account", "联系方式没有改动")
		return nil
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.UpdateCurrentContactResponse, error) {
		return s.accounts.UpdateCurrentContact(ctx, &foiv1.UpdateCurrentContactRequest{UpdateMask: mask, Contact: &foiv1.ApplicantContact{
			ContactPerson: f.get("contact.contactPerson"), Phone: f.get("contact.phone"), Email: f.get("contact.email"), Address: f.get("contact.address"),
		}})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderAccount(q, f)
	}
	if err != nil {
		return err
	}
	q.redirectWith("/account", "联系方式已更新")
	return nil
}

// feeView is one fee notice as the case pages show it.
type feeView struct {
	Amount, Max, PayBy, Status, Issued string
	Reduction, PaidOn, ClaimedOn       string
	Pending                            bool
	Requested                          bool // a reduction request, not a notice: nothing charged yet
}

var feeStatus = map[foiv1.FeeNoticeStatus]string{
	foiv1.FeeNoticeStatus_FEE_NOTICE_STATUS_PENDING:   "待缴费",
	foiv1.FeeNoticeStatus_FEE_NOTICE_STATUS_PAID:      "已缴费",
	foiv1.FeeNoticeStatus_FEE_NOTICE_STATUS_WAIVED:    "已减免",
	foiv1.FeeNoticeStatus_FEE_NOTICE_STATUS_LAPSED:    "逾期未缴费",
	foiv1.FeeNoticeStatus_FEE_NOTICE_STATUS_CANCELLED: "已撤销",
}

// feesOf reads the case's fee notices; a case without any, or one the
// API will not list them for, shows none.
func (s *Site) feesOf(q *req, id string) []feeView {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListFeeNoticesResponse, error) {
		return s.fees.ListFeeNotices(ctx, &foiv1.ListFeeNoticesRequest{Id: id})
	})
	if err != nil {
		return nil
	}
	var out []feeView
	for _, n := range res.GetFeeNotices() {
		f := feeView{Amount: yuan(n.GetAmountFen()), PayBy: dateMarked(n.GetPayBy(), n.GetPayByProvisional()), Status: feeStatus[n.GetStatus()],
			Issued: dateCN(n.GetIssuedOn()), Reduction: n.GetReductionReason(), PaidOn: dateCN(n.GetPaidOn()),
			ClaimedOn: dateCN(n.GetClaimedOn()), Pending: n.GetStatus() == foiv1.FeeNoticeStatus_FEE_NOTICE_STATUS_PENDING}
		if n.GetMaxFen() != n.GetAmountFen() {
			f.Max = yuan(n.GetMaxFen())
		}
		out = append(out, f)
	}
	if r := res.GetPendingReduction(); r != nil {
		out = append(out, feeView{Amount: yuan(r.GetAmountFen()), Max: yuan(r.GetMaxFen()), Reduction: r.GetReason(),
			Status: "减收申请待负责人审批（" + dateCN(r.GetRequestedOn()) + "提出，尚未发出收费通知）", Requested: true})
	}
	return out
}
