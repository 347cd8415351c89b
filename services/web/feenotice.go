package web

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	foiv1 "foi/gen/foi/v1"
)

// feeInputs are the issue_fee_notice form's inputs. The amount is typed
// in 元 and sent in fen as amountFen; reductionReason goes with an amount
// below the maximum.
var feeInputs = []string{"mode", "pages", "pieces", "splitReason", "amount", "reductionReason", "servedOn", "howToPay"}

var feeModeOptions = []option{
	{"FEE_MODE_PER_VOLUME", "按量计收（按提供信息的页数）"},
	{"FEE_MODE_PER_PIECE", "按件计收（按申请人当月在本机关的申请件次）"},
}

var yuanPattern = regexp.MustCompile(`^\d{1,9}(\.\d{1,2})?$`)

// parseYuan reads an amount typed in 元 (at most two decimals) as fen.
func parseYuan(s string) (int64, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "元")
	if !yuanPattern.MatchString(s) {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	return w*100 + f, true
}

func feeMode(f form) foiv1.FeeMode { return foiv1.FeeMode(foiv1.FeeMode_value[f.get("mode")]) }

func postIssueFeeNotice(s *Site, q *req, id string, v int64, f form) error {
	req := &foiv1.IssueFeeNoticeRequest{Id: id, Version: v, Mode: feeMode(f), Pages: atoi(f.get("pages")), Pieces: atoi(f.get("pieces")),
		SplitReason: f.get("splitReason"), ReductionReason: f.get("reductionReason"), ServedOn: f.get("servedOn"), HowToPay: f.get("howToPay")}
	if a := f.get("amount"); a != "" {
		fen, ok := parseYuan(a)
		if !ok {
			return fieldError("amountFen", "金额以元为单位，最多两位小数，例如 150 或 85.50")
		}
		req.AmountFen = &fen
	}
	if bad := numberFields(f, "pages", "pieces"); bad != nil {
		return bad
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.IssueFeeNoticeResponse, error) {
		return s.workflow.IssueFeeNotice(ctx, req)
	})
	return err
}

// numberFields refuses a filled input of names that is not a whole number
// (atoi would read it as 0, which the API takes for "not given").
func numberFields(f form, names ...string) error {
	for _, n := range names {
		if v := f.get(n); v != "" {
			if _, err := strconv.ParseUint(v, 10, 31); err != nil {
				return fieldError(n, "须为整数")
			}
		}
	}
	return nil
}

// quoteView is the calculator's answer shown in the fee form before the
// notice is issued.
type quoteView struct {
	Amount   string
	Items    []string
	Standard string
	// PerPiece: the price depends on the piece's place in the applicant's
	// month, which the notice, not the quote, counts.
	PerPiece bool
	Pieces   int32
}

// quoteFee asks the API's calculator for the lawful maximum of the fee
// form's mode and count. A per-piece quote prices the first pieces of a
// month; the notice prices the case's own pieces.
func (s *Site) quoteFee(q *req, c *caseData, f form) (*quoteView, error) {
	if err := numberFields(f, "pages", "pieces"); err != nil {
		return nil, err
	}
	req := &foiv1.QuoteFeeRequest{Mode: feeMode(f)}
	switch req.Mode {
	case foiv1.FeeMode_FEE_MODE_PER_VOLUME:
		req.Pages = atoi(f.get("pages"))
		if req.Pages == 0 {
			return nil, fieldError("pages", "试算按量计收的金额须填写页数（发出通知时不填则按本案提供信息的页数计）")
		}
	case foiv1.FeeMode_FEE_MODE_PER_PIECE:
		req.Pieces = max(atoi(f.get("pieces")), c.app.GetPieces(), 1)
	default:
		return nil, fieldError("mode", "请选择计收方式")
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.QuoteFeeResponse, error) {
		return s.fees.QuoteFee(ctx, req)
	})
	if err != nil {
		return nil, err
	}
	v := &quoteView{Amount: yuan(res.GetAmountFen()), Standard: res.GetStandard(), PerPiece: req.Mode == foiv1.FeeMode_FEE_MODE_PER_PIECE, Pieces: req.Pieces}
	for _, it := range res.GetItems() {
		v.Items = append(v.Items, it.GetLabel())
	}
	return v, nil
}
