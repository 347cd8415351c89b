package web

import (
	"context"
	"fmt"
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
	res, err := call(q, func(ctx context.Context) (*foiv1.IssueFeeNoticeResponse, error) {
		return s.workflow.IssueFeeNotice(ctx, req)
	})
	if err == nil && res.GetReductionRequested() {
		q.done = "已提交减收申请，待负责人审批后发出收费通知"
	}
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
	Counted  string // what was priced: the pieces' places in the month, or the pages
}

// quoteFee asks the API what the fee form's notice would charge at most:
// the case's own pieces in the applicant's month (and a split's next
// ones), or the pages given or provided.
func (s *Site) quoteFee(q *req, c *caseData, f form) (*quoteView, error) {
	if err := numberFields(f, "pages", "pieces"); err != nil {
		return nil, err
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.QuoteApplicationFeeResponse, error) {
		return s.fees.QuoteApplicationFee(ctx, &foiv1.QuoteApplicationFeeRequest{Id: c.app.GetId(), Mode: feeMode(f),
			Pages: atoi(f.get("pages")), Pieces: atoi(f.get("pieces"))})
	})
	if err != nil {
		return nil, err
	}
	v := &quoteView{Amount: yuan(res.GetAmountFen()), Standard: res.GetStandard()}
	for _, it := range res.GetItems() {
		v.Items = append(v.Items, it.GetLabel())
	}
	switch ks := res.GetPieces(); {
	case len(ks) == 1:
		v.Counted = fmt.Sprintf("本申请为申请人本月在本机关的第 %d 件。", ks[0])
	case len(ks) > 1:
		v.Counted = fmt.Sprintf("本申请计为 %d 件，为申请人本月在本机关的第 %s 件；拆分新增的件次按当前顺序试算，发出通知时确定。", len(ks), pieceList(ks))
	case res.GetPages() > 0:
		v.Counted = fmt.Sprintf("按 %d 页计算。", res.GetPages())
	}
	return v, nil
}

// pieceList writes piece numbers as runs: 1、3至5.
func pieceList(ks []int32) string {
	var parts []string
	for i := 0; i < len(ks); {
		j := i
		for j+1 < len(ks) && ks[j+1] == ks[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, fmt.Sprint(ks[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d至%d", ks[i], ks[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, "、")
}
