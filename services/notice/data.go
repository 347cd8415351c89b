package notice

// Data is what a document says. Every string is already formatted for
// display by the caller: dates as FormatDate writes them, amounts as "1700元".
// A kind uses the fields its comment names and ignores the rest.
//
// Fields that a template places inside a sentence (Request, Reason, Items,
// Reply.Reasons and the like) may end with or without punctuation: the
// templates add their own, so the caller need not guess.
type Data struct {
	Number           string // the document's own number, e.g. "SFQZJ-2026-000123-2"
	Agency           string // the issuing agency, e.g. 示范区住房和城乡建设局
	IssuedOn         string // the date of issue
	TrackingNumber   string // the application's number
	QueryCode        string // printed on the receipt: with the number, it looks the case up
	ApplicantName    string
	ApplicantAddress string
	Request          string // the information asked for, as the applicant described it
	ReceivedOn       string // the day the application counts as received (Art. 31)
	Channel          string // how it arrived, e.g. 当面提交, 邮寄（签收）, 平常信函, 网上申请
	DueOn            string // the reply due date (after an extension or Art. 35, the new one); empty while the clock is paused
	Regime           string // "2007" for a case under the 2007 Regulation (15 + 15 working days); otherwise the 2019 one

	Items           []string // Clarification: every item to supplement
	SupplementDays  int      // Clarification: the working days given to supplement
	SupplementDueOn string   // Clarification, Closure (NO_SUPPLEMENT): the last day to supplement

	ExtensionDays int    // Extension: working days added
	Paused        string // Extension: what the paused clock waits for, e.g. 征求第三方意见; empty while it runs
	Reason        string // Extension, DelayedDueDate: why; Closure: the facts that close it, or (WITHDRAWN) the applicant's reason
	PreviousDueOn string // Extension, DelayedDueDate: the due date being replaced

	Consultee         string // ConsultationLetter: whom the letter is addressed to
	ConsulteeKind     string // ConsultationLetter: "THIRD_PARTY" (Art. 32) or "AGENCY" (Art. 34)
	Question          string // ConsultationLetter: what the consultee is asked about
	ConsultationDueOn string // ConsultationLetter: the last day of the consultee's 15 working days

	DeliveryMethod string // DeliveryRecord, e.g. 直接送达, 邮寄送达, 电子邮件送达, 网上送达
	DeliveredOn    string // DeliveryRecord
	DeliveryNote   string // DeliveryRecord: the proof, e.g. the postal tracking number and who signed

	ClosureKind string // Closure: "NO_SUPPLEMENT", "FEE_UNPAID" or "WITHDRAWN"

	Corrections []CorrectedDate // DateCorrection: each date corrected
	Calendar    string          // DateCorrection: the holiday arrangement now in force, with the notices that published it

	Fee   Fee   // FeeNotice; Closure (FEE_UNPAID) uses PayBy; ReplyLetter prints Policy when set
	Reply Reply // ReplyLetter; Closure prints Remedies when set

	// Correction is what a correction request's letters say; they use
	// Number, Agency, IssuedOn, TrackingNumber, ApplicantName, ReceivedOn
	// and DueOn besides.
	Correction Correction
}

// Correction is a request to correct government information about the
// applicant (Art. 41) and, in a decision letter, what the agency decided.
type Correction struct {
	Record     string // which record holds the information, e.g. 不动产登记簿
	Inaccuracy string // what it says that the applicant shows is wrong
	Requested  string // what the applicant asks it to say
	Evidence   string // the evidence offered
	Days       int    // CorrectionReceipt: the working days the agency gives itself

	Outcome        string // CorrectionDecision: "CORRECTED", "TRANSFERRED" or "REFUSED"; templates branch on it
	Corrected      string // CORRECTED: what the record says now
	TransferMode   string // TRANSFERRED: "FORWARDED" (sent on by the agency) or "TOLD_TO_APPLY" (the applicant applies there)
	TransferAgency string // TRANSFERRED: the agency with the power to correct
	Reason         string // REFUSED: why not; TRANSFERRED: why it is not this agency's to correct; CORRECTED: optional note
	Remedies       string // REFUSED: the remedies paragraph, composed by the caller
}

// CorrectedDate is one date an earlier document gave the applicant,
// counted again under the holiday calendar now in force.
type CorrectedDate struct {
	Notice string // the documents that printed it, e.g. 受理回执（SFQZJ-2026-000123-1）
	What   string // e.g. 答复期限截止日
	From   string // as printed
	To     string // as it now reads (marked provisional when it still is)
}

// Fee is what a fee notice (收费通知书) states: the Fee Measures require the
// basis, the standard, the amount and how to pay.
type Fee struct {
	Mode     string   // 按件计收 or 按量计收
	Standard string   // the standard in words, as the fee calculator states it
	Items    []string // the itemised lines, e.g. "第31至100页，每页10元，计700元"
	Amount   string   // the amount to pay, e.g. "1700元"
	Reduced  string   // optional: the maximum and why less is charged
	HowToPay string   // payment instructions for the non-tax revenue, with the reference to quote
	PayBy    string   // the last day to pay: 20 working days after the applicant receives the notice
	Policy   string   // the agency's policy on the reply period while the fee is unpaid
}

// Reply is the substance of a reply letter (答复书), as the legal review
// approved it.
type Reply struct {
	OutcomeLabel   string   // the outcome in words, e.g. 部分公开; printed for outcomes without a text of their own
	Outcome        string   // the outcome code, e.g. DISCLOSED, PARTIALLY_DISCLOSED, WITHHELD; templates branch on it
	Facts          string   // the facts of the search
	Reasons        []string // the reasons; for PARTIALLY_DISCLOSED one per withheld part
	LegalBasis     []string // article references, e.g. 《中华人民共和国政府信息公开条例》第三十六条第（三）项
	Provided       []string // documents provided, with pages
	HowProvided    string   // how the information is provided or can be obtained
	RedirectAgency string   // NOT_RESPONSIBLE: the agency responsible and its contact, when known
	Remedies       string   // the remedies paragraph, composed by the caller
	Body           string   // optional officer-written text; each non-blank line a paragraph, before the remedies
}
