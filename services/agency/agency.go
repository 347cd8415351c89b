// Package agency keeps the agencies (行政机关) that receive and answer
// applications, and seeds the demo district of the embedded database.
package agency

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/errs"
	"foi/services/outcome"
	"foi/services/page"
	"foi/services/pg"
)

// Agency is an administrative organ that answers applications.
type Agency struct {
	ID                string
	Code              string
	Name              string
	Region            string
	AutoConfirmOnline bool
	// OnTheSpotOutcomes are the outcomes a clerk may reply on the spot,
	// without legal review (workflow.md: reply_on_the_spot): only outcomes
	// that supply or point to the information, never an adverse one.
	OnTheSpotOutcomes []outcome.Outcome
	// SupplementDays is the period given to supplement, in working days
	// (rules.md section 3 POLICY), unless a notice sets its own.
	SupplementDays int
	// FeePausesClock: the time between a fee notice and payment does not
	// count toward the reply period (rules.md section 3 POLICY).
	FeePausesClock bool
	// SkipReviewOutcomes are replied without legal review; never adverse
	// outcomes (workflow.md: every adverse reply is reviewed).
	SkipReviewOutcomes []outcome.Outcome
	// ReconsiderationAuthority and Court are where the remedies paragraph
	// of a reply sends a challenge.
	ReconsiderationAuthority string
	Court                    string
	// MinSupplementDays is the shortest supplement period a notice may
	// give (rules.md section 3: default 15 working days).
	MinSupplementDays int
	// MaxDelayDays bounds an Art. 35 reasonable later date: at most this
	// many calendar days after the statutory due date (default 90), so a
	// mistyped year is refused.
	MaxDelayDays int
	// MaxBackdateDays bounds how far before the day of registration a
	// clerk may date a receipt, in working days (default 30); beyond it
	// the head approves (workflow.md).
	MaxBackdateDays int
	// CorrectionDays is the period to decide a correction request (Art.
	// 41), in working days from the day it is received (default 20).
	CorrectionDays int
	Demo           bool
	CreatedAt      time.Time
}

// MaxBackdateLimit is the most working days an agency's policy may let a
// receipt date lie before the day of registration: about two years.
const MaxBackdateLimit = 500

// MaxCorrectionDays is the longest period an agency's policy may give
// itself to decide a correction request, in working days.
const MaxCorrectionDays = 60

// NationalRegion is the national holiday calendar.
const NationalRegion = "CN"

var (
	codeFormat   = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,15}$`)
	regionFormat = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,10})?$`)
)

// Validate checks a new agency and fills in defaults.
func (a *Agency) Validate() error {
	var c errs.Collector
	a.Code = strings.TrimSpace(a.Code)
	a.Name = strings.TrimSpace(a.Name)
	a.Region = strings.TrimSpace(a.Region)
	if a.Region == "" {
		a.Region = NationalRegion
	}
	if !codeFormat.MatchString(a.Code) {
		c.Add("code", "机构代码须为 2 至 16 位大写字母或数字，以字母开头")
	}
	if n := utf8.RuneCountInString(a.Name); n == 0 || n > 100 {
		c.Add("name", "机构名称须为 1 至 100 个字")
	}
	if !regionFormat.MatchString(a.Region) {
		c.Add("region", "日历地区代码格式应为 CN 或 CN-XX")
	}
	return c.Err()
}

// Store keeps agencies in PostgreSQL.
type Store struct {
	db *pgxpool.Pool
}

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

const columns = `id, code, name, region, auto_confirm_online, on_the_spot_outcomes, supplement_days, fee_pauses_clock,
	skip_review_outcomes, reconsideration_authority, court, max_delay_days, min_supplement_days, max_backdate_days, correction_days, demo, created_at`

func scan(row pgx.CollectableRow) (Agency, error) {
	var a Agency
	err := row.Scan(&a.ID, &a.Code, &a.Name, &a.Region, &a.AutoConfirmOnline, &a.OnTheSpotOutcomes, &a.SupplementDays, &a.FeePausesClock,
		&a.SkipReviewOutcomes, &a.ReconsiderationAuthority, &a.Court, &a.MaxDelayDays, &a.MinSupplementDays, &a.MaxBackdateDays, &a.CorrectionDays, &a.Demo, &a.CreatedAt)
	return a, err
}

// Create validates and stores a new agency.
func (s *Store) Create(ctx context.Context, a Agency) (Agency, error) {
	if err := a.Validate(); err != nil {
		return Agency{}, err
	}
	rows, _ := s.db.Query(ctx, `
		INSERT INTO agencies (code, name, region, auto_confirm_online, demo)
		VALUES ($1, $2, $3, $4, $5)
		RETURNING `+columns, a.Code, a.Name, a.Region, a.AutoConfirmOnline, a.Demo)
	created, err := pgx.CollectExactlyOneRow(rows, scan)
	switch {
	case pg.IsCode(err, pg.UniqueViolation, "agencies_code_key"):
		return Agency{}, errs.New(errs.AlreadyExists, fmt.Sprintf("机构代码 %s 已被使用", a.Code))
	case pg.IsCode(err, pg.UniqueViolation, "agencies_name_key"):
		return Agency{}, errs.New(errs.AlreadyExists, fmt.Sprintf("机构名称 %s 已存在", a.Name))
	case err != nil:
		return Agency{}, fmt.Errorf("create agency: %w", pg.Translate(err))
	}
	return created, nil
}

// Get returns one agency; an unknown id is NotFound.
func (s *Store) Get(ctx context.Context, id string) (Agency, error) {
	return Lookup(ctx, s.db, id)
}

// Lookup reads one agency through q, so that other packages can read it
// inside their own transaction; an unknown id is NotFound.
func Lookup(ctx context.Context, q pg.Querier, id string) (Agency, error) {
	return lookup(ctx, q, id, false)
}

// lookup is Lookup, locking the row for the caller's transaction when
// forUpdate.
func lookup(ctx context.Context, q pg.Querier, id string, forUpdate bool) (Agency, error) {
	query := `SELECT ` + columns + ` FROM agencies WHERE id = $1`
	if forUpdate {
		query += ` FOR UPDATE`
	}
	rows, _ := q.Query(ctx, query, id)
	a, err := pgx.CollectExactlyOneRow(rows, scan)
	if errors.Is(err, pgx.ErrNoRows) || pg.IsCode(err, pg.InvalidTextRepr, "") {
		return Agency{}, errs.New(errs.NotFound, "机构不存在")
	}
	if err != nil {
		return Agency{}, fmt.Errorf("get agency %s: %w", id, err)
	}
	return a, nil
}

type cursor struct {
	Code string `json:"c"`
}

// List returns a page of agencies ordered by code.
func (s *Store) List(ctx context.Context, size int32, token string) ([]Agency, string, error) {
	limit, err := page.Size(size)
	if err != nil {
		return nil, "", err
	}
	var after cursor
	if err := page.Decode(token, &after); err != nil {
		return nil, "", err
	}
	rows, _ := s.db.Query(ctx, `SELECT `+columns+` FROM agencies WHERE code > $1 ORDER BY code LIMIT $2`, after.Code, limit+1)
	list, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, "", fmt.Errorf("list agencies: %w", err)
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		next = page.Encode(cursor{Code: list[limit-1].Code})
	}
	return list, next, nil
}

// demoDistrict is seeded into an empty embedded database so that a new user
// has agencies to try the service with.
var demoDistrict = []Agency{
	{Code: "SFQZF", Name: "示范区人民政府办公室", ReconsiderationAuthority: "示范市人民政府", Court: "示范市中级人民法院"},
	{Code: "SFQJY", Name: "示范区教育局", ReconsiderationAuthority: "示范区人民政府", Court: "示范区人民法院"},
	{Code: "SFQZJ", Name: "示范区住房和城乡建设局", ReconsiderationAuthority: "示范区人民政府", Court: "示范区人民法院"},
	{Code: "SFQHB", Name: "示范区生态环境分局", ReconsiderationAuthority: "示范市生态环境局", Court: "示范区人民法院"},
}

// IDs lists the ids of every agency, by code: the whole district, not one
// page of it.
func (s *Store) IDs(ctx context.Context) ([]string, error) {
	rows, _ := s.db.Query(ctx, `SELECT id::text FROM agencies ORDER BY code`)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// SeedDemo creates the demo district (a district government office and three
// departments, marked as demo data) when there are no agencies at all. It
// reports whether it seeded.
func (s *Store) SeedDemo(ctx context.Context) (bool, error) {
	seeded := false
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		// Two replicas starting together on an empty database seed once.
		if _, err := tx.Exec(ctx, `LOCK TABLE agencies IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		var any bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM agencies)`).Scan(&any); err != nil || any {
			return err
		}
		for _, a := range demoDistrict {
			if _, err := tx.Exec(ctx, `INSERT INTO agencies (code, name, region, reconsideration_authority, court, demo)
				VALUES ($1, $2, $3, $4, $5, true)`, a.Code, a.Name, NationalRegion, a.ReconsiderationAuthority, a.Court); err != nil {
				return err
			}
		}
		seeded = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("seed demo district: %w", err)
	}
	return seeded, nil
}

// Policy is what an administrator may change about an agency.
type Policy struct {
	AutoConfirmOnline        bool
	OnTheSpotOutcomes        []outcome.Outcome
	SupplementDays           int
	FeePausesClock           bool
	SkipReviewOutcomes       []outcome.Outcome
	ReconsiderationAuthority string
	Court                    string
	MaxDelayDays             int
	MinSupplementDays        int
	MaxBackdateDays          int
	CorrectionDays           int
}

// The fields of a Policy, by the names the API's update masks use.
const (
	FieldAutoConfirmOnline        = "auto_confirm_online"
	FieldOnTheSpotOutcomes        = "on_the_spot_outcomes"
	FieldSupplementDays           = "supplement_days"
	FieldFeePausesClock           = "fee_pauses_clock"
	FieldSkipReviewOutcomes       = "skip_review_outcomes"
	FieldReconsiderationAuthority = "reconsideration_authority"
	FieldCourt                    = "court"
	FieldMaxDelayDays             = "max_delay_days"
	FieldMinSupplementDays        = "min_supplement_days"
	FieldMaxBackdateDays          = "max_backdate_days"
	FieldCorrectionDays           = "correction_days"
)

// policyFields copies each field of a Policy from one to another, by name.
var policyFields = map[string]func(to *Policy, from Policy){
	FieldAutoConfirmOnline:        func(to *Policy, from Policy) { to.AutoConfirmOnline = from.AutoConfirmOnline },
	FieldOnTheSpotOutcomes:        func(to *Policy, from Policy) { to.OnTheSpotOutcomes = from.OnTheSpotOutcomes },
	FieldSupplementDays:           func(to *Policy, from Policy) { to.SupplementDays = from.SupplementDays },
	FieldFeePausesClock:           func(to *Policy, from Policy) { to.FeePausesClock = from.FeePausesClock },
	FieldSkipReviewOutcomes:       func(to *Policy, from Policy) { to.SkipReviewOutcomes = from.SkipReviewOutcomes },
	FieldReconsiderationAuthority: func(to *Policy, from Policy) { to.ReconsiderationAuthority = from.ReconsiderationAuthority },
	FieldCourt:                    func(to *Policy, from Policy) { to.Court = from.Court },
	FieldMaxDelayDays:             func(to *Policy, from Policy) { to.MaxDelayDays = from.MaxDelayDays },
	FieldMinSupplementDays:        func(to *Policy, from Policy) { to.MinSupplementDays = from.MinSupplementDays },
	FieldMaxBackdateDays:          func(to *Policy, from Policy) { to.MaxBackdateDays = from.MaxBackdateDays },
	FieldCorrectionDays:           func(to *Policy, from Policy) { to.CorrectionDays = from.CorrectionDays },
}

// IsPolicyField reports whether name names a field of Policy.
func IsPolicyField(name string) bool { _, ok := policyFields[name]; return ok }

// Policy returns the agency's policy.
func (a Agency) Policy() Policy {
	return Policy{AutoConfirmOnline: a.AutoConfirmOnline, OnTheSpotOutcomes: a.OnTheSpotOutcomes, SupplementDays: a.SupplementDays,
		FeePausesClock: a.FeePausesClock, SkipReviewOutcomes: a.SkipReviewOutcomes,
		ReconsiderationAuthority: a.ReconsiderationAuthority, Court: a.Court, MaxDelayDays: a.MaxDelayDays,
		MinSupplementDays: a.MinSupplementDays, MaxBackdateDays: a.MaxBackdateDays, CorrectionDays: a.CorrectionDays}
}

// validate checks a whole policy; field names are relative to it.
func (p *Policy) validate() error {
	var c errs.Collector
	for i, o := range p.OnTheSpotOutcomes {
		switch {
		case !o.Valid():
			c.Add(fmt.Sprintf("onTheSpotOutcomes[%d]", i), "未知的答复结果 "+string(o))
		case o.Adverse():
			c.Add(fmt.Sprintf("onTheSpotOutcomes[%d]", i), "当场答复只能是予以公开或告知已主动公开；不利于申请人的答复须写明理由和依据，经法律审核")
		}
	}
	for i, o := range p.SkipReviewOutcomes {
		switch {
		case !o.Valid():
			c.Add(fmt.Sprintf("skipReviewOutcomes[%d]", i), "未知的答复结果 "+string(o))
		case o.Adverse():
			c.Add(fmt.Sprintf("skipReviewOutcomes[%d]", i), "不利于申请人的答复必须经法律顾问审核")
		}
	}
	p.ReconsiderationAuthority, p.Court = strings.TrimSpace(p.ReconsiderationAuthority), strings.TrimSpace(p.Court)
	c.MaxLength("reconsiderationAuthority", p.ReconsiderationAuthority, 100)
	c.MaxLength("court", p.Court, 100)
	if p.SupplementDays < 1 || p.SupplementDays > 60 {
		c.Add("supplementDays", "补正期限须为 1 至 60 个工作日")
	}
	switch {
	case p.MinSupplementDays < 1 || p.MinSupplementDays > 60:
		c.Add("minSupplementDays", "最短补正期限须为 1 至 60 个工作日")
	case p.SupplementDays >= 1 && p.SupplementDays < p.MinSupplementDays:
		c.Add("supplementDays", fmt.Sprintf("补正期限不得少于本机关规定的最短补正期限 %d 个工作日", p.MinSupplementDays))
	}
	if p.MaxDelayDays < 1 || p.MaxDelayDays > 365 {
		c.Add("maxDelayDays", "合理答复期限的上限须为法定期限届满后 1 至 365 日")
	}
	if p.MaxBackdateDays < 1 || p.MaxBackdateDays > MaxBackdateLimit {
		c.Add("maxBackdateDays", fmt.Sprintf("补登收件日期的上限须为 1 至 %d 个工作日", MaxBackdateLimit))
	}
	if p.CorrectionDays < 1 || p.CorrectionDays > MaxCorrectionDays {
		c.Add("correctionDays", fmt.Sprintf("更正申请的办理期限须为 1 至 %d 个工作日", MaxCorrectionDays))
	}
	if p.OnTheSpotOutcomes == nil {
		p.OnTheSpotOutcomes = []outcome.Outcome{}
	}
	if p.SkipReviewOutcomes == nil {
		p.SkipReviewOutcomes = []outcome.Outcome{}
	}
	return c.Err()
}

// UpdatePolicy changes the named fields of an agency's policy (see the
// Field constants) to their values in p, and leaves the others as they
// are. The agency's row is locked while the change is checked and made, so
// two administrators changing different fields at once both keep theirs.
// Violations are named relative to the policy.
func (s *Store) UpdatePolicy(ctx context.Context, id string, p Policy, fields []string) (Agency, error) {
	for _, f := range fields {
		if !IsPolicyField(f) {
			return Agency{}, fmt.Errorf("update agency policy: unknown field %q: %w", f, errs.InvalidArgument)
		}
	}
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		cur, err := lookup(ctx, tx, id, true)
		if err != nil {
			return err
		}
		next := cur.Policy()
		for _, f := range fields {
			policyFields[f](&next, p)
		}
		if err := next.validate(); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE agencies SET auto_confirm_online = $2, on_the_spot_outcomes = $3, supplement_days = $4,
			fee_pauses_clock = $5, skip_review_outcomes = $6, reconsideration_authority = $7, court = $8, max_delay_days = $9, min_supplement_days = $10,
			max_backdate_days = $11, correction_days = $12 WHERE id = $1`,
			id, next.AutoConfirmOnline, next.OnTheSpotOutcomes, next.SupplementDays, next.FeePausesClock, next.SkipReviewOutcomes,
			next.ReconsiderationAuthority, next.Court, next.MaxDelayDays, next.MinSupplementDays, next.MaxBackdateDays, next.CorrectionDays)
		if err != nil {
			return fmt.Errorf("update agency policy: %w", err)
		}
		return nil
	})
	if err != nil {
		return Agency{}, err
	}
	return s.Get(ctx, id)
}
