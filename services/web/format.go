package web

import (
	"fmt"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	foiv1 "foi/gen/foi/v1"
	"foi/services/outcome"
)

// china is the service's time zone; it has had no daylight saving since
// 1991, so a fixed offset needs no zone database.
var china = time.FixedZone("CST", 8*60*60)

// dateCN writes an API date ("2026-12-02") as people read it:
// 2026年12月2日. Anything else is returned as it is; empty stays empty.
func dateCN(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// dateMarked writes a date as dateCN does, marked 暂定 when it was counted
// across a year whose holiday calendar is not published yet (the API's
// *_provisional flags).
func dateMarked(d string, provisional bool) string {
	s := dateCN(d)
	if provisional && s != "" {
		s += "（暂定）"
	}
	return s
}

// timeCN writes a timestamp in Beijing time: 2026年12月2日 14:05.
func timeCN(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	t := ts.AsTime().In(china)
	return fmt.Sprintf("%d年%d月%d日 %02d:%02d", t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute())
}

// yuan writes an amount in fen as yuan with two decimals: 1700.00 元.
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d 元", sign, fen/100, fen%100)
}

var stateLabels = map[foiv1.ApplicationState]string{
	foiv1.ApplicationState_APPLICATION_STATE_SUBMITTED:     "已提交待确认",
	foiv1.ApplicationState_APPLICATION_STATE_ACCEPTED:      "已受理",
	foiv1.ApplicationState_APPLICATION_STATE_CLARIFICATION: "补正中",
	foiv1.ApplicationState_APPLICATION_STATE_PROCESSING:    "办理中",
	foiv1.ApplicationState_APPLICATION_STATE_CONSULTATION:  "征求意见中",
	foiv1.ApplicationState_APPLICATION_STATE_AWAITING_FEE:  "待缴费",
	foiv1.ApplicationState_APPLICATION_STATE_LEGAL_REVIEW:  "法律审核中",
	foiv1.ApplicationState_APPLICATION_STATE_SIGN_OFF:      "待负责人签发",
	foiv1.ApplicationState_APPLICATION_STATE_REPLIED:       "已答复",
	foiv1.ApplicationState_APPLICATION_STATE_CLOSED:        "已办结",
	foiv1.ApplicationState_APPLICATION_STATE_WITHDRAWN:     "已撤回",
	foiv1.ApplicationState_APPLICATION_STATE_VOIDED:        "已作废",
}

// stateLabel is a state's Chinese name (the same names the server uses).
func stateLabel(s foiv1.ApplicationState) string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return "未知状态"
}

func roleLabel(r foiv1.Role) string {
	switch r {
	case foiv1.Role_ROLE_APPLICANT:
		return "申请人"
	case foiv1.Role_ROLE_CLERK:
		return "窗口工作人员"
	case foiv1.Role_ROLE_OFFICER:
		return "承办人"
	case foiv1.Role_ROLE_LEGAL_ADVISER:
		return "法律顾问"
	case foiv1.Role_ROLE_HEAD:
		return "负责人"
	case foiv1.Role_ROLE_ADMIN:
		return "系统管理员"
	}
	return ""
}

var applicantTypes = []option{
	{"APPLICANT_TYPE_NATURAL_PERSON", "自然人"},
	{"APPLICANT_TYPE_COMMERCIAL_ENTERPRISE", "商业企业"},
	{"APPLICANT_TYPE_RESEARCH_INSTITUTION", "科研机构"},
	{"APPLICANT_TYPE_PUBLIC_WELFARE_ORGANIZATION", "社会公益组织"},
	{"APPLICANT_TYPE_LEGAL_SERVICE_INSTITUTION", "法律服务机构"},
	{"APPLICANT_TYPE_OTHER_ORGANIZATION", "其他组织"},
}

var idTypes = []option{
	{"ID_DOCUMENT_TYPE_RESIDENT_ID_CARD", "居民身份证"},
	{"ID_DOCUMENT_TYPE_PASSPORT", "护照"},
	{"ID_DOCUMENT_TYPE_HK_MACAO_PERMIT", "港澳居民来往内地通行证"},
	{"ID_DOCUMENT_TYPE_TAIWAN_PERMIT", "台湾居民来往大陆通行证"},
	{"ID_DOCUMENT_TYPE_FOREIGN_PERMANENT_RESIDENT_ID", "外国人永久居留身份证"},
	{"ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE", "统一社会信用代码"},
}

var media = []option{
	{"INFORMATION_MEDIUM_PAPER", "纸质"},
	{"INFORMATION_MEDIUM_ELECTRONIC", "电子"},
	{"INFORMATION_MEDIUM_INSPECTION", "查阅"},
	{"INFORMATION_MEDIUM_TRANSCRIPTION", "抄录"},
	{"INFORMATION_MEDIUM_OTHER", "其他"},
}

var deliveries = []option{
	{"DELIVERY_METHOD_COLLECT_IN_PERSON", "自行领取"},
	{"DELIVERY_METHOD_POST", "邮寄"},
	{"DELIVERY_METHOD_EMAIL", "电子邮件"},
	{"DELIVERY_METHOD_ONLINE", "网上获取"},
}

var channels = []option{
	{"INTAKE_CHANNEL_IN_PERSON", "当面递交"},
	{"INTAKE_CHANNEL_SIGNED_POST", "邮政挂号信或特快专递（签收）"},
	{"INTAKE_CHANNEL_ORDINARY_LETTER", "平信"},
	{"INTAKE_CHANNEL_FAX", "传真"},
	{"INTAKE_CHANNEL_ORAL", "口头提出（由工作人员代为填写）"},
}

// replyOutcomes are the outcomes a reply can give, named as the annual
// report names them (services/outcome, a pure package).
var replyOutcomes = func() []option {
	var out []option
	for _, o := range []outcome.Outcome{outcome.Disclosed, outcome.AlreadyPublic, outcome.PartiallyDisclosed,
		outcome.Withheld, outcome.NotHeld, outcome.NotResponsible, outcome.NeedsCreation,
		outcome.UnclearAfterClarification, outcome.Petition, outcome.Duplicate, outcome.Publication,
		outcome.Excessive, outcome.Reconfirmation, outcome.SpecialStatute, outcome.Other} {
		out = append(out, option{"OUTCOME_" + string(o), o.Label()})
	}
	return out
}()

// outcomeLabel is the Chinese name of an outcome; empty when unset.
func outcomeLabel(o foiv1.Outcome) string {
	if o == foiv1.Outcome_OUTCOME_UNSPECIFIED {
		return ""
	}
	return outcome.Outcome(strings.TrimPrefix(o.String(), "OUTCOME_")).Label()
}

var serviceMethods = []option{
	{"SERVICE_METHOD_IN_PERSON", "当面送达"},
	{"SERVICE_METHOD_POST", "邮寄送达"},
	{"SERVICE_METHOD_EMAIL", "电子邮件送达"},
	{"SERVICE_METHOD_ONLINE", "网上送达"},
}

// labelOf finds value's label among opts.
func labelOf(opts []option, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return ""
}
