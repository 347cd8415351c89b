package web

import (
	"fmt"

	"foi/services/fee"
)

// guideView is an agency's 政府信息公开指南, generated from its data: how
// to apply, the time limits, the fee standard from the tier tables, what
// can be answered on the spot, and the remedies.
type guideView struct {
	base
	Agency                agencyView
	SupplementDays        int32
	FeePausesClock        bool
	OnTheSpot             []string
	Reconsideration       string
	Court                 string
	PieceTiers, PageTiers []tierRow
	PieceStandard         string
	PageStandard          string
}

// tierRow is one band of a fee tier table.
type tierRow struct{ Range, Price string }

// tiers turns a quote's bands into table rows; the last band runs on
// ("第201页起") when open says so.
func tiers(q fee.Quote, unit string, open bool) []tierRow {
	var out []tierRow
	for i, it := range q.Items {
		r := tierRow{Range: fmt.Sprintf("第%d至%d%s", it.From, it.To, unit), Price: "免费"}
		if it.From == it.To {
			r.Range = fmt.Sprintf("第%d%s", it.From, unit)
		}
		if open && i == len(q.Items)-1 {
			r.Range = fmt.Sprintf("第%d%s起", it.From, unit)
		}
		if it.UnitFen > 0 {
			r.Price = "每" + unit + yuan(it.UnitFen)
		}
		out = append(out, r)
	}
	return out
}

func (s *Site) guide(q *req) error {
	a, err := s.findAgency(q, q.r.PathValue("id"))
	if err != nil {
		return err
	}
	v := &guideView{Agency: agencyView{ID: a.GetId(), Name: a.GetName(), Code: a.GetCode(), Region: a.GetRegion()},
		SupplementDays: a.GetSupplementDays(), FeePausesClock: a.GetFeePausesClock(),
		Reconsideration: a.GetReconsiderationAuthority(), Court: a.GetCourt(),
		PieceStandard: fee.Standard(fee.PerPiece), PageStandard: fee.Standard(fee.PerVolume)}
	for _, o := range a.GetOnTheSpotOutcomes() {
		if l := labelOf(outcomeNames, o); l != "" {
			v.OnTheSpot = append(v.OnTheSpot, l)
		}
	}
	// The bands come from the calculator itself: a quote long enough to
	// reach the last band lists every band.
	if pq, err := fee.ForPieces(0, 50); err == nil {
		v.PieceTiers = tiers(pq, "件", false)
		v.PieceTiers = append(v.PieceTiers, tierRow{Range: "此后每10件为一档", Price: "每件在上一档基础上增加100元"})
	}
	if vq, err := fee.ForPages(201); err == nil {
		v.PageTiers = tiers(vq, "页", true)
	}
	v.Title = a.GetName() + "政府信息公开指南"
	q.render("guide", v)
	return nil
}
