// Package review holds what a reply must satisfy before it leaves the
// office: the maintained list of legal bases, the reasons for withholding
// (with the annual report row each counts in), the remedies paragraph, and
// the checks run on every draft reply before the legal adviser sees it. It
// is pure: the cases package stores drafts and runs these checks on them.
package review

import (
	"fmt"
	"slices"
	"strings"
)

// WithheldReason is why information is not disclosed (table 三 (三) 1-8).
type WithheldReason string

// The reasons, in the order of the annual report.
const (
	StateSecret         WithheldReason = "STATE_SECRET"
	LawForbids          WithheldReason = "LAW_FORBIDS"
	ThreeSecurities     WithheldReason = "THREE_SECURITIES"
	ThirdPartyRights    WithheldReason = "THIRD_PARTY_RIGHTS"
	InternalAffairs     WithheldReason = "INTERNAL_AFFAIRS"
	ProcessInformation  WithheldReason = "PROCESS_INFORMATION"
	EnforcementFile     WithheldReason = "ENFORCEMENT_FILE"
	AdministrativeQuery WithheldReason = "ADMINISTRATIVE_QUERY"
)

// WithheldReasons lists the reasons in report order.
var WithheldReasons = []WithheldReason{StateSecret, LawForbids, ThreeSecurities, ThirdPartyRights,
	InternalAffairs, ProcessInformation, EnforcementFile, AdministrativeQuery}

var withheldLabels = map[WithheldReason]string{
	StateSecret:         "属于国家秘密",
	LawForbids:          "其他法律行政法规禁止公开",
	ThreeSecurities:     "危及“三安全一稳定”",
	ThirdPartyRights:    "保护第三方合法权益",
	InternalAffairs:     "属于三类内部事务信息",
	ProcessInformation:  "属于四类过程性信息",
	EnforcementFile:     "属于行政执法案卷",
	AdministrativeQuery: "属于行政查询事项",
}

// Label is the reason's Chinese name, as the annual report words it.
func (r WithheldReason) Label() string { return withheldLabels[r] }

// Valid reports whether r is one of the reasons.
func (r WithheldReason) Valid() bool { _, ok := withheldLabels[r]; return ok }

// ReportRow is the row of table 三 (三) the reason counts in, 1 to 8.
func (r WithheldReason) ReportRow() int { return slices.Index(WithheldReasons, r) + 1 }

// Basis is one entry of the maintained list of legal bases a reply may
// cite.
type Basis struct {
	Code string
	Text string // as cited in a reply
	// Retired: no longer citable in a new draft, still printed in a
	// letter whose approved draft cited it.
	Retired bool
}

const regulation = "《中华人民共和国政府信息公开条例》"

// Bases is the shipped list: it seeds the maintained list (the table
// legal_bases, kept by administrators), and is what the checks read when
// they are given no list.
var Bases = []Basis{
	{Code: "REG_14", Text: regulation + "第十四条"},
	{Code: "REG_15", Text: regulation + "第十五条"},
	{Code: "REG_16_1", Text: regulation + "第十六条第一款"},
	{Code: "REG_16_2", Text: regulation + "第十六条第二款"},
	{Code: "REG_10", Text: regulation + "第十条"},
	{Code: "REG_29", Text: regulation + "第二十九条"},
	{Code: "REG_30", Text: regulation + "第三十条"},
	{Code: "REG_31", Text: regulation + "第三十一条"},
	{Code: "REG_32", Text: regulation + "第三十二条"},
	{Code: "REG_33", Text: regulation + "第三十三条"},
	{Code: "REG_33_1", Text: regulation + "第三十三条第一款"},
	{Code: "REG_33_2", Text: regulation + "第三十三条第二款"},
	{Code: "REG_34", Text: regulation + "第三十四条"},
	{Code: "REG_35", Text: regulation + "第三十五条"},
	{Code: "REG_36_1", Text: regulation + "第三十六条第（一）项"},
	{Code: "REG_36_2", Text: regulation + "第三十六条第（二）项"},
	{Code: "REG_36_3", Text: regulation + "第三十六条第（三）项"},
	{Code: "REG_36_4", Text: regulation + "第三十六条第（四）项"},
	{Code: "REG_36_5", Text: regulation + "第三十六条第（五）项"},
	{Code: "REG_36_6", Text: regulation + "第三十六条第（六）项"},
	{Code: "REG_36_7", Text: regulation + "第三十六条第（七）项"},
	{Code: "REG_37", Text: regulation + "第三十七条"},
	{Code: "REG_38", Text: regulation + "第三十八条"},
	{Code: "REG_39_1", Text: regulation + "第三十九条第一款"},
	{Code: "REG_39_2", Text: regulation + "第三十九条第二款"},
	{Code: "REG_40", Text: regulation + "第四十条"},
	{Code: "REG_41", Text: regulation + "第四十一条"},
	{Code: "REG_42", Text: regulation + "第四十二条"},
	{Code: "REG_51", Text: regulation + "第五十一条"},
	{Code: "SECRECY_LAW", Text: "《中华人民共和国保守国家秘密法》"},
	{Code: "ARL_23", Text: "《中华人民共和国行政复议法》第二十三条"},
}

// BasisText returns the citation of a code in the shipped list, and
// whether it is listed.
func BasisText(code string) (string, bool) {
	b, ok := Find(Bases, code)
	return b.Text, ok
}

// Find returns the basis of list with code, retired or not, and whether
// there is one.
func Find(list []Basis, code string) (Basis, bool) {
	for _, b := range list {
		if b.Code == code {
			return b, true
		}
	}
	return Basis{}, false
}

// Remedies are the bodies a challenge to the agency's reply goes to.
type Remedies struct {
	Reconsideration string // the reconsideration body, e.g. 示范区人民政府
	Court           string // the court, e.g. 示范区人民法院
}

// Paragraph composes the remedies paragraph of a reply. A refusal to
// disclose (WITHHELD, or the withheld part of a partial disclosure) made
// from 2024-01-01 must go to reconsideration first (行政复议法
// Art. 23); otherwise the applicant may choose.
func (r Remedies) Paragraph(reconsiderationFirst bool) string {
	body := r.Reconsideration
	if body == "" {
		body = "本机关的本级人民政府"
	}
	court := r.Court
	if court == "" {
		court = "有管辖权的人民法院"
	}
	if reconsiderationFirst {
		return fmt.Sprintf("如对本答复不服，可以自收到本答复之日起60日内向%s申请行政复议；依照《中华人民共和国行政复议法》第二十三条的规定，"+
			"对本答复中不予公开的决定，应当先申请行政复议，对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向%s提起行政诉讼。", body, court)
	}
	return fmt.Sprintf("如对本答复不服，可以自收到本答复之日起60日内向%s申请行政复议，或者自收到本答复之日起6个月内向%s提起行政诉讼。", body, court)
}

// contains reports whether s mentions every part (ignoring spaces).
func containsAll(s string, parts ...string) bool {
	s = strings.ReplaceAll(s, " ", "")
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
