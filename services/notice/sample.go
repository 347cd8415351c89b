package notice

import "strings"

// Sample returns realistic data for a document of kind k: the data Validate
// renders an override with first, and that the golden files show. Each call
// returns a fresh copy. An unknown kind gets the zero Data.
func Sample(k Kind) Data {
	if vs := variants(k); len(vs) > 0 {
		return vs[0].data
	}
	return Data{}
}

// variant is one sample of a kind. The first variant of a kind is its
// Sample; the others cover the branches a template must also get through
// (the other consultee, each way a case closes, each outcome of a reply).
type variant struct {
	name  string // the golden file's name without .html
	label string // how Validate's errors name it
	data  Data
}

func variants(k Kind) []variant {
	base := strings.ToLower(string(k))
	switch k {
	case Receipt:
		return []variant{
			{base, "受理回执", sampleReceipt()},
			{base + "_2007", "2007年条例的受理回执", sampleReceipt2007()},
		}
	case Clarification:
		return []variant{{base, "补正告知", sampleClarification()}}
	case Extension:
		return []variant{
			{base, "延期答复", sampleExtension()},
			{base + "_paused", "暂停计时期间延期答复", sampleExtensionPaused()},
		}
	case DelayedDueDate:
		return []variant{{base, "延迟答复的合理期限", sampleDelayedDueDate()}}
	case DateCorrection:
		return []variant{{base, "节假日安排公布后的日期更正", sampleDateCorrection()}}
	case ConsultationLetter:
		return []variant{
			{base, "征求第三方意见", sampleConsultation("THIRD_PARTY")},
			{base + "_agency", "征求其他机关意见", sampleConsultation("AGENCY")},
		}
	case DeliveryRecord:
		return []variant{{base, "邮寄送达", sampleDelivery()}}
	case Closure:
		return []variant{
			{base, "逾期未补正", sampleClosure("NO_SUPPLEMENT")},
			{base + "_fee_unpaid", "逾期未缴费", sampleClosure("FEE_UNPAID")},
			{base + "_withdrawn", "申请人撤回", sampleClosure("WITHDRAWN")},
		}
	case FeeNotice:
		return []variant{
			{base, "按量计收", sampleFee()},
			{base + "_reduced", "减收", sampleFeeReduced()},
		}
	case ReplyLetter:
		return []variant{
			{"reply_partially_disclosed", "答复结果：部分公开", sampleReplyPartial()},
			{"reply_disclosed", "答复结果：予以公开", sampleReplyDisclosed()},
			{"reply_withheld", "答复结果：不予公开", sampleReplyWithheld()},
			{"reply_not_responsible", "答复结果：不属于本机关负责公开", sampleReplyNotResponsible()},
			{"reply_not_held", "答复结果：本机关不掌握相关政府信息", sampleReplyNotHeld()},
		}
	case CorrectionReceipt:
		return []variant{{base, "更正申请受理", sampleCorrection("1", "2026年11月27日")}}
	case CorrectionDecision:
		return []variant{
			{"correction_corrected", "予以更正", sampleCorrectionDecision("CORRECTED", "")},
			{"correction_forwarded", "转送有权更正的机关", sampleCorrectionDecision("TRANSFERRED", "FORWARDED")},
			{"correction_told_to_apply", "告知向有权更正的机关提出", sampleCorrectionDecision("TRANSFERRED", "TOLD_TO_APPLY")},
			{"correction_refused", "不予更正", sampleCorrectionDecision("REFUSED", "")},
		}
	}
	return nil
}

const (
	sampleAgency   = "示范区住房和城乡建设局"
	sampleTracking = "SFQZJ-2026-000123"
	sampleRequest  = "《示范区2025年城镇老旧小区改造项目清单》及各项目施工合同"
)

// sampleCase is the application every sample is about: received by signed
// post on Friday 30 October 2026, due 20 working days later on 27 November.
func sampleCase(seq, issuedOn string) Data {
	return Data{
		Number:           sampleTracking + "-" + seq,
		Agency:           sampleAgency,
		IssuedOn:         issuedOn,
		TrackingNumber:   sampleTracking,
		ApplicantName:    "李明华",
		ApplicantAddress: "示范区建设路88号3幢2单元501室（邮编000000）",
		Request:          sampleRequest,
		ReceivedOn:       "2026年10月30日",
		Channel:          "邮寄（签收）",
		DueOn:            "2026年11月27日",
	}
}

func sampleReceipt() Data {
	d := sampleCase("1", "2026年10月30日")
	d.QueryCode = "7K3M9QXT"
	return d
}

func sampleClarification() Data {
	d := sampleCase("2", "2026年11月4日")
	d.Items = []string{
		"请明确所申请的老旧小区改造项目的年度批次（本机关2025年分两批下达改造计划），或者列明具体小区名称",
		"请明确所申请的施工合同是指项目总承包合同、施工合同还是监理合同",
		"请重新提供申请人有效身份证件复印件（原申请所附复印件字迹无法辨认）",
	}
	d.SupplementDays = 15
	d.SupplementDueOn = "2026年11月26日"
	return d
}

func sampleExtension() Data {
	d := sampleCase("3", "2026年11月25日")
	d.ExtensionDays = 20
	d.Reason = "所申请的信息涉及2025年两个批次共37个改造项目的招标投标和合同档案，分散保存于多个业务科室，需逐件调阅、核对"
	d.PreviousDueOn = "2026年11月27日"
	d.DueOn = "2026年12月25日"
	return d
}

// sampleReceipt2007 is an imported case received before 2019-05-15,
// under the 2007 Regulation: 15 working days.
func sampleReceipt2007() Data {
	d := sampleCase("1", "2019年4月1日")
	d.ReceivedOn, d.DueOn, d.Regime = "2019年4月1日", "2019年4月23日", "2007"
	return d
}

// sampleExtensionPaused is an extension approved while a consultation
// keeps the clock paused: no new date is known yet.
func sampleExtensionPaused() Data {
	d := sampleExtension()
	d.DueOn, d.PreviousDueOn, d.Paused = "", "", "征求第三方或者其他机关的意见"
	return d
}

func sampleDelayedDueDate() Data {
	d := sampleCase("3", "2026年11月20日")
	d.Reason = "您于2026年10月至11月间共提出政府信息公开申请46件，涉及2018年至2025年全部城镇老旧小区改造项目，需调阅、审查的档案材料逾3000页"
	d.PreviousDueOn = "2026年11月27日"
	d.DueOn = "2026年12月31日"
	return d
}

func sampleDateCorrection() Data {
	d := sampleCase("5", "2026年12月15日")
	d.DueOn = "2027年1月8日"
	d.Calendar = "2027年法定节假日安排（《国务院办公厅关于2027年部分节假日安排的通知》，国办发明电〔2026〕1号）"
	d.Corrections = []CorrectedDate{
		{Notice: "受理回执（SFQZJ-2026-000123-1）", What: "答复期限截止日", From: "2027年1月7日（暂定，遇法定节假日顺延）", To: "2027年1月8日"},
	}
	return d
}

func sampleConsultation(kind string) Data {
	d := sampleCase("4", "2026年11月10日")
	d.ConsulteeKind = kind
	d.ConsultationDueOn = "2026年12月2日"
	if kind == "AGENCY" {
		d.Consultee = "示范区财政局"
		d.Request = "《关于下达2025年度城镇老旧小区改造补助资金的通知》（示住建〔2025〕45号）"
		d.Question = "请贵局就该通知全文及其附件《2025年度城镇老旧小区改造补助资金分配表》是否可以公开提出意见"
		return d
	}
	d.Consultee = "示范区宏建建筑工程有限公司"
	d.Question = "所申请的《示范区2025年城镇老旧小区改造项目施工合同》（合同编号SFQ-LJ-2025-017）载有贵公司的工程量清单单价和主要材料采购价格，请贵公司就上述内容是否同意公开提出意见；不同意公开的，请说明是否构成商业秘密及理由"
	return d
}

func sampleDelivery() Data {
	d := sampleCase("7", "2026年12月4日")
	d.DeliveryMethod = "邮寄送达"
	d.DeliveredOn = "2026年12月3日"
	d.DeliveryNote = "中国邮政EMS，邮件号1189523476012，受送达人本人签收"
	return d
}

func sampleClosure(kind string) Data {
	d := sampleCase("5", "2026年11月27日")
	d.ClosureKind = kind
	switch kind {
	case "NO_SUPPLEMENT":
		d.SupplementDueOn = "2026年11月26日"
		d.Reason = "截至补正期限届满，本机关未收到您的补正材料，您亦未说明逾期的正当理由"
		d.Reply.Remedies = sampleRemediesClosure
	case "FEE_UNPAID":
		d.IssuedOn = "2026年12月14日"
		d.Fee.PayBy = "2026年12月11日"
		d.Reason = "截至缴费期限届满，本机关未收到您缴纳信息处理费的凭证，您亦未说明逾期的正当理由"
		d.Reply.Remedies = sampleRemediesClosure
	case "WITHDRAWN":
		d.IssuedOn = "2026年11月17日"
		d.Reason = "已通过其他途径获取所需信息"
	}
	return d
}

const (
	sampleStandardByPage = "按量计收：同一件申请按页数分段累进计算，第1至30页免费，" +
		"第31至100页每页10元，第101至200页每页20元，第201页起每页40元。"
	sampleHowToPay = "请通过示范区政府非税收入缴款平台或者持本通知书到示范区政务服务中心非税收入缴款窗口缴纳，" +
		"缴款时请填写缴款识别码330120260001234，并将缴款凭证（电子票据）提交本机关"
	samplePolicy = "依照本机关政府信息公开工作规定，自本机关发出收费通知书之日起至收到缴费之日止的期间，不计算在答复期限内"
)

func sampleFee() Data {
	d := sampleCase("6", "2026年11月12日")
	d.Fee = Fee{
		Mode:     "按量计收",
		Standard: sampleStandardByPage,
		Items: []string{
			"第1至30页，免费，计0元",
			"第31至100页，每页10元，计700元",
			"第101至150页，每页20元，计1000元",
		},
		Amount:   "1700元",
		HowToPay: sampleHowToPay,
		PayBy:    "2026年12月11日",
		Policy:   samplePolicy,
	}
	return d
}

func sampleFeeReduced() Data {
	d := sampleFee()
	d.Fee.Items = []string{
		"第1至30页，免费，计0元",
		"第31至100页，每页10元，计700元",
		"第101至200页，每页20元，计2000元",
		"第201至250页，每页40元，计2000元",
	}
	d.Fee.Reduced = "按上述标准计算，信息处理费为4700元。鉴于所申请信息中有98页系各项目重复附具的同一标准文本，经本机关负责人批准，减按2000元收取"
	d.Fee.Amount = "2000元"
	return d
}

// The remedies paragraphs follow 行政复议法 Art. 20 and 23 (2023) and 行政诉讼法
// Art. 46: a refusal to disclose goes to reconsideration first.
const (
	sampleRemediesPlain = "如对本答复不服，您可以自收到本答复书之日起六十日内向示范区人民政府申请行政复议，" +
		"或者自收到本答复书之日起六个月内向示范区人民法院提起行政诉讼。"
	sampleRemediesClosure = "如对本告知不服，您可以自收到本告知书之日起六十日内向示范区人民政府申请行政复议，" +
		"或者自收到本告知书之日起六个月内向示范区人民法院提起行政诉讼。"
	sampleRemediesRefusal = "如对本答复不服，您可以自收到本答复书之日起六十日内向示范区人民政府申请行政复议。" +
		"依照《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，对不予公开政府信息的答复不服的，" +
		"应当先申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼。"
	sampleRemediesPartial = "如对本答复不服，您可以自收到本答复书之日起六十日内向示范区人民政府申请行政复议。" +
		"其中，对本答复不予公开部分不服的，依照《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，" +
		"应当先申请行政复议，对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼；" +
		"对其他部分不服的，也可以自收到本答复书之日起六个月内直接向示范区人民法院提起行政诉讼。"
	regulation = "《中华人民共和国政府信息公开条例》"
)

func sampleReply(r Reply) Data {
	d := sampleCase("8", "2026年12月18日")
	d.DueOn = "2026年12月25日"
	d.Reply = r
	return d
}

func sampleReplyPartial() Data {
	d := sampleReply(Reply{
		OutcomeLabel: "部分公开",
		Outcome:      "PARTIALLY_DISCLOSED",
		Facts:        "经检索，本机关保存有《示范区2025年城镇老旧小区改造项目清单》及37个改造项目的施工合同",
		Reasons: []string{
			"项目清单中各小区居民联系人的姓名、联系电话涉及个人隐私，公开后会对第三方合法权益造成损害，本机关不予公开",
			"施工合同中的工程量清单单价和主要材料采购价格涉及第三方商业秘密，经本机关书面征求第三方意见，第三方不同意公开且理由合理，本机关不予公开",
		},
		LegalBasis: []string{
			regulation + "第十五条",
			regulation + "第三十二条",
			regulation + "第三十七条",
		},
		Provided: []string{
			"《示范区2025年城镇老旧小区改造项目清单》（已对个人信息作区分处理，12页）",
			"示范区2025年城镇老旧小区改造项目施工合同37份（已对商业秘密作区分处理，共138页）",
		},
		HowProvided: "纸质复印件随本答复书邮寄至您申请表所填通讯地址",
		Remedies:    sampleRemediesPartial,
	})
	d.Fee.Policy = samplePolicy
	return d
}

func sampleReplyDisclosed() Data {
	d := sampleReply(Reply{
		OutcomeLabel: "予以公开",
		Outcome:      "DISCLOSED",
		Facts:        "经检索，本机关制作并保存有您申请公开的政府信息",
		LegalBasis:   []string{regulation + "第三十六条第（二）项"},
		Provided:     []string{"《示范区2025年城镇老旧小区改造项目清单》（12页）"},
		HowProvided:  "电子文档随本答复书发送至您申请表所填电子邮箱",
		Remedies:     sampleRemediesPlain,
	})
	d.Request = "《示范区2025年城镇老旧小区改造项目清单》"
	return d
}

func sampleReplyWithheld() Data {
	d := sampleReply(Reply{
		OutcomeLabel: "不予公开",
		Outcome:      "WITHHELD",
		Facts:        "经检索，本机关保存有2026年度住房保障对象资格审核工作会议记录",
		Reasons: []string{
			"您申请公开的会议记录系本机关在审核住房保障对象资格过程中形成的讨论记录，属于过程性信息",
		},
		LegalBasis: []string{
			regulation + "第十六条第二款",
			regulation + "第三十六条第（三）项",
		},
		Remedies: sampleRemediesRefusal,
		Body: "住房保障对象资格审核的结果已由本机关主动公开。\n\n" +
			"您可以在示范区人民政府门户网站“住房保障”栏目查阅《2026年度示范区公共租赁住房保障对象名单》。",
	})
	d.Request = "2026年度示范区住房保障对象资格审核的内部讨论记录"
	return d
}

func sampleReplyNotResponsible() Data {
	d := sampleReply(Reply{
		OutcomeLabel: "不属于本机关负责公开",
		Outcome:      "NOT_RESPONSIBLE",
		Facts:        "经检索，本机关未制作、获取您申请公开的政府信息",
		Reasons: []string{
			"国有建设用地使用权出让合同由自然资源主管部门与受让人签订并保存，依照“谁制作、谁公开，谁保存、谁公开”的原则，不属于本机关负责公开的政府信息",
		},
		LegalBasis: []string{
			regulation + "第十条第一款",
			regulation + "第三十六条第（五）项",
		},
		RedirectAgency: "示范区自然资源局（地址：示范区行政中心B座3楼，联系电话：0000-12345678）",
		Remedies:       sampleRemediesPlain,
	})
	d.Request = "示范区滨河路地块国有建设用地使用权出让合同"
	return d
}

func sampleReplyNotHeld() Data {
	d := sampleReply(Reply{
		OutcomeLabel: "本机关不掌握相关政府信息",
		Outcome:      "NOT_HELD",
		Facts: "本机关于2026年11月10日至13日，在本机关档案室、城市建设科和房屋征收办公室保存的纸质档案及业务系统中，" +
			"以“建设路88号”“拆迁补偿”为关键词进行了检索，未检索到您申请公开的信息",
		LegalBasis: []string{regulation + "第三十六条第（四）项"},
		Remedies:   sampleRemediesPlain,
	})
	d.Request = "示范区建设路88号院1998年的房屋拆迁补偿协议"
	return d
}

const sampleCorrectionNumber = "SFQZJ-GZ-2026-000007"

// sampleCorrection is a correction request received at the window on
// Friday 27 November 2026, due 20 working days later on 25 December.
func sampleCorrection(seq, issuedOn string) Data {
	return Data{
		Number:         sampleCorrectionNumber + "-" + seq,
		Agency:         sampleAgency,
		IssuedOn:       issuedOn,
		TrackingNumber: sampleCorrectionNumber,
		ApplicantName:  "李明华",
		ReceivedOn:     "2026年11月27日",
		DueOn:          "2026年12月25日",
		Correction: Correction{
			Record:     "示范区2025年老旧小区改造项目住户签约名单（公示稿）",
			Inaccuracy: "建设路88号3幢2单元501室住户姓名登记为“李明桦”",
			Requested:  "住户姓名应为“李明华”",
			Evidence:   "居民身份证复印件、不动产权证书复印件各一份",
			Days:       20,
		},
	}
}

func sampleCorrectionDecision(outcome, mode string) Data {
	d := sampleCorrection("2", "2026年12月16日")
	d.Correction.Outcome = outcome
	switch {
	case outcome == "CORRECTED":
		d.Correction.Corrected = "建设路88号3幢2单元501室住户姓名已更正为“李明华”，更正后的名单已重新公示"
	case mode != "":
		d.Correction.TransferMode = mode
		d.Correction.TransferAgency = "示范区不动产登记中心"
		d.Correction.Reason = "住户姓名系依据不动产登记簿记载生成，不动产登记信息的更正由不动产登记机构负责"
	default:
		d.Correction.Reason = "原登记内容与不动产登记簿记载及权利人签字确认的签约材料一致，您提供的材料不足以证明原记录不准确"
		d.Correction.Remedies = "如对本答复不服，可以自收到本答复之日起60日内向示范区人民政府申请行政复议，或者自收到本答复之日起6个月内向示范区人民法院提起行政诉讼。"
	}
	return d
}
