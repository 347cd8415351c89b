package report

import (
	"fmt"
	"slices"
	"time"

	"foi/services/clock"
	"foi/services/errs"
	"foi/services/outcome"
)

// The analysis (分析研判) of an agency's, or the district's, disclosure work
// over a period. Its figures have two bases, as the annual report's do:
//
//   - the applications received in the period (received-on within it):
//     the months, channels and applicant types, the overdue, extension and
//     consultation rates, repeat applicants and the topics;
//   - the cases resolved in the period (replied, or closed without a
//     reply, within it): the outcome mix, and the working days to reply of
//     those replied.
//
// Fees and remedies are the annual report's figures for the period: fee
// notices issued and payments made in it, remedies filed in it (decided by
// its last day, else pending).

// MaxPeriodDays bounds an analysis period: three years.
const MaxPeriodDays = 3*366 + 1

// Count is one bar of a chart: a key, its Chinese label, and a count.
type Count struct {
	Key   string
	Label string
	Count int64
}

// ReplyTimes are the working days from received-on to the reply of the
// cases replied in the period.
type ReplyTimes struct {
	Replied int64
	// Median and P90 are nearest-rank percentiles: the smallest number of
	// working days within which half (nine tenths) of the replies were
	// made. Zero when nothing was replied.
	Median, P90 int
	// Bands is the distribution, in ReplyBands' order.
	Bands []Count
	// MissingYears are years whose holiday calendar is not loaded, counted
	// from weekends alone.
	MissingYears []int
}

// ReplyBands are the distribution's bands of working days, by their upper
// bound (the last has none): within the statutory 20 days, and within an
// extension's 20 more.
var ReplyBands = []struct {
	Max   int
	Label string
}{
	{5, "0–5个工作日"}, {10, "6–10个工作日"}, {15, "11–15个工作日"}, {20, "16–20个工作日"},
	{30, "21–30个工作日"}, {40, "31–40个工作日"}, {-1, "40个工作日以上"},
}

// Overdue is the received applications that ran past their due date:
// replied after it, or still open after it today.
type Overdue struct {
	RepliedLate, OpenLate int64
}

// Total is every overdue application.
func (o Overdue) Total() int64 { return o.RepliedLate + o.OpenLate }

// RepeatApplicants counts the applicants (by normalised identity document)
// who made more than one application in the period: figures only, never
// who they are.
type RepeatApplicants struct {
	Applicants int64 // distinct applicants
	Repeaters  int64 // of them, with two or more applications
	Requests   int64 // the repeaters' applications
	Bands      []Count
	// Top are the largest numbers of applications by one applicant, most
	// first (at most ten).
	Top []int64
}

// RepeatBands are the bands of applications per repeat applicant, by
// their upper bound (the last has none).
var RepeatBands = []struct {
	Max   int64
	Label string
}{{2, "2件"}, {4, "3–4件"}, {9, "5–9件"}, {-1, "10件及以上"}}

// AnalysisRemedies are the period's reconsiderations and lawsuits.
type AnalysisRemedies struct {
	Remedies
	// AgainstFailureToReply are those recorded against a failure to reply
	// (逾期未答复); they are counted in the groups above too.
	AgainstFailureToReply int64
}

// Decided is the remedies decided by the period's end.
func (r AnalysisRemedies) Decided() int64 {
	var n int64
	for _, g := range []RemedyFigures{r.Reconsideration, r.Lawsuit, r.LawsuitAfterReconsideration} {
		n += g.Upheld + g.Corrected + g.Other
	}
	return n
}

// Corrected is the remedies whose result corrected the agency.
func (r AnalysisRemedies) Corrected() int64 {
	return r.Reconsideration.Corrected + r.Lawsuit.Corrected + r.LawsuitAfterReconsideration.Corrected
}

// Total is every remedy filed in the period.
func (r AnalysisRemedies) Total() int64 {
	return r.Reconsideration.Total() + r.Lawsuit.Total() + r.LawsuitAfterReconsideration.Total()
}

// Analysis is the analysis of an agency, or the district, over a period.
type Analysis struct {
	AgencyID   string // "" for the district
	AgencyName string
	From, To   clock.Date
	// AsOf is the day open cases are judged overdue on.
	AsOf clock.Date

	Received        int64
	ByMonth         []Count // every month of the period
	ByChannel       []Count // every channel
	ByApplicantType []Count // every applicant type

	Resolved int64
	Outcomes []Count // every outcome, in rules.md's order
	Replies  ReplyTimes

	Overdue    Overdue
	Extended   int64 // received applications with an approved extension
	Consulted  int64 // received applications with a consultation
	Consultees int64 // the consultations those sent (one per consultee)

	Fees     Fees
	Remedies AnalysisRemedies
	Repeat   RepeatApplicants
	Topics   []Topic
}

// Channels are the intake channels in display order, with their names.
var Channels = []Count{
	{Key: "IN_PERSON", Label: "当面提交"}, {Key: "SIGNED_POST", Label: "邮寄（签收）"},
	{Key: "ORDINARY_LETTER", Label: "平常信函"}, {Key: "ONLINE", Label: "互联网"},
	{Key: "FAX", Label: "传真"}, {Key: "ORAL", Label: "口头申请（代为填写）"},
}

// CheckPeriod validates an analysis period; zero dates take the default,
// the current year (today's), or the year of the date given.
func CheckPeriod(from, to, today clock.Date) (clock.Date, clock.Date, error) {
	switch {
	case from.IsZero() && to.IsZero():
		from, to = clock.NewDate(today.Year(), 1, 1), clock.NewDate(today.Year(), 12, 31)
	case from.IsZero():
		from = clock.NewDate(to.Year(), 1, 1)
	case to.IsZero():
		to = clock.NewDate(from.Year(), 12, 31)
	}
	var c errs.Collector
	earliest, latest := clock.NewDate(2008, 1, 1), clock.NewDate(2100, 12, 31)
	if from.Before(earliest) || from.After(latest) {
		c.Add("periodFrom", "开始日期须在 2008-01-01 至 2100-12-31 之间")
	}
	if to.Before(earliest) || to.After(latest) {
		c.Add("periodTo", "结束日期须在 2008-01-01 至 2100-12-31 之间")
	}
	if to.Before(from) {
		c.Add("periodTo", "结束日期不能早于开始日期")
	} else if to.DaysSince(from)+1 > MaxPeriodDays {
		c.Add("periodTo", fmt.Sprintf("分析期间最长三年（%d 天），请缩短期间", MaxPeriodDays))
	}
	return from, to, c.Err()
}

// months lists the months the period touches, as keys "2025-01".
func months(from, to clock.Date) []Count {
	var out []Count
	y, m, _ := from.YMD()
	ty, tm, _ := to.YMD()
	for y < ty || (y == ty && m <= tm) {
		out = append(out, Count{Key: fmt.Sprintf("%04d-%02d", y, m), Label: fmt.Sprintf("%d年%d月", y, m)})
		if m++; m > time.December {
			y, m = y+1, time.January
		}
	}
	return out
}

// applicantTypes lists the applicant types as table 三's columns do.
func applicantTypes() []Count {
	out := make([]Count, 0, len(Columns))
	for i, c := range Columns {
		out = append(out, Count{Key: string(c), Label: ColumnLabels[i]})
	}
	return out
}

func outcomeCounts() []Count {
	out := make([]Count, 0, len(outcome.All))
	for _, o := range outcome.All {
		out = append(out, Count{Key: string(o), Label: o.Label()})
	}
	return out
}

// add counts n under key, appending an unknown key with its own text as
// its label.
func add(list *[]Count, key string, n int64) {
	for i := range *list {
		if (*list)[i].Key == key {
			(*list)[i].Count += n
			return
		}
	}
	*list = append(*list, Count{Key: key, Label: key, Count: n})
}

// replyPair is how many cases were received on one day and replied on
// another, in one calendar region.
type replyPair struct {
	Region            string
	Received, Replied clock.Date
	Count             int64
}

// replyTimes counts the working days of every pair with its region's
// calendar and gives the distribution and percentiles. The days are
// counted once per distinct date, not per pair: each date's working days
// since the region's first date, so a pair's count is a difference.
func replyTimes(pairs []replyPair, calendar func(region string) (*clock.Calendar, error)) (ReplyTimes, error) {
	type days struct {
		n     int
		count int64
	}
	out := ReplyTimes{}
	for _, l := range ReplyBands {
		out.Bands = append(out.Bands, Count{Key: fmt.Sprint(l.Max), Label: l.Label})
	}
	byRegion := map[string][]replyPair{}
	var regions []string
	for _, p := range pairs {
		if _, ok := byRegion[p.Region]; !ok {
			regions = append(regions, p.Region)
		}
		byRegion[p.Region] = append(byRegion[p.Region], p)
	}
	slices.Sort(regions)
	var list []days
	var missing clock.Years
	for _, region := range regions {
		cal, err := calendar(region)
		if err != nil {
			return ReplyTimes{}, err
		}
		var dates []clock.Date
		for _, p := range byRegion[region] {
			dates = append(dates, p.Received, p.Replied)
		}
		slices.SortFunc(dates, clock.Date.Compare)
		dates = slices.Compact(dates)
		// since[d] is the working days in (dates[0], d]; guessed are the
		// years whose status was guessed from weekends.
		since := make(map[clock.Date]int, len(dates))
		var guessed clock.Years
		for i, d := range dates {
			if i == 0 {
				since[d] = 0
				continue
			}
			n, miss := cal.CountWorkingDays(dates[i-1], d)
			since[d] = since[dates[i-1]] + n
			guessed = guessed.Union(miss)
		}
		for _, p := range byRegion[region] {
			n := max(since[p.Replied]-since[p.Received], 0)
			for y := p.Received.AddDays(1).Year(); y <= p.Replied.Year(); y++ {
				if guessed.Contains(y) {
					missing.Add(y)
				}
			}
			list = append(list, days{n, p.Count})
			out.Replied += p.Count
			for i, b := range ReplyBands {
				if b.Max < 0 || n <= b.Max {
					out.Bands[i].Count += p.Count
					break
				}
			}
		}
	}
	out.MissingYears = missing.List()
	if out.Replied == 0 {
		return out, nil
	}
	slices.SortFunc(list, func(a, b days) int { return a.n - b.n })
	rank := func(p int64) int { // nearest rank: the ceil(p% × n)-th value
		want := (p*out.Replied + 99) / 100
		var seen int64
		for _, d := range list {
			if seen += d.count; seen >= want {
				return d.n
			}
		}
		return list[len(list)-1].n
	}
	out.Median, out.P90 = rank(50), rank(90)
	return out, nil
}

// repeatFigures turns the number of applicants with each number of
// applications into the repeat-applicant figures.
func repeatFigures(perApplicant map[int64]int64) RepeatApplicants {
	out := RepeatApplicants{}
	for _, b := range RepeatBands {
		out.Bands = append(out.Bands, Count{Key: fmt.Sprint(b.Max), Label: b.Label})
	}
	sizes := make([]int64, 0, len(perApplicant))
	for n, applicants := range perApplicant {
		out.Applicants += applicants
		if n < 2 {
			continue
		}
		sizes = append(sizes, n)
		out.Repeaters += applicants
		out.Requests += n * applicants
		for i, b := range RepeatBands {
			if b.Max < 0 || n <= b.Max {
				out.Bands[i].Count += applicants
				break
			}
		}
	}
	slices.Sort(sizes)
	slices.Reverse(sizes)
	for _, n := range sizes {
		for range perApplicant[n] {
			if len(out.Top) == 10 {
				return out
			}
			out.Top = append(out.Top, n)
		}
	}
	return out
}
