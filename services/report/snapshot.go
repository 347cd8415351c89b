package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/errs"
	"foi/services/pg"
)

// Publication is a published report, frozen: the figures as published,
// who published them, when, and the SHA-256 of the stored body.
type Publication struct {
	ID         string
	Report     Report
	By, ByName string
	At         time.Time
	SHA256     []byte
}

// snapshotBody is the stored, hashed form of a published report: every
// cell by id, so that a later format change cannot alter what was
// published.
type snapshotBody struct {
	AgencyID   string `json:"agencyId"`
	AgencyName string `json:"agencyName"`
	Year       int    `json:"year"`
	Cells      []Cell `json:"cells"`
}

func encodeSnapshot(r Report) []byte {
	b, _ := json.Marshal(snapshotBody{AgencyID: r.AgencyID, AgencyName: r.AgencyName, Year: r.Year, Cells: r.Cells()})
	return b
}

// decodeSnapshot reads a stored body back into a report.
func decodeSnapshot(body []byte) (Report, error) {
	var s snapshotBody
	if err := json.Unmarshal(body, &s); err != nil {
		return Report{}, err
	}
	r := Report{AgencyID: s.AgencyID, AgencyName: s.AgencyName, Year: s.Year, Received: NewTable()}
	keys := ColumnKeys()
	for _, c := range s.Cells {
		if row, col, ok := ParseCell(c.ID); ok {
			r.Received.Counts[row][indexOf(keys, col)] = c.Value
			continue
		}
		if kind, res, ok := ParseRemedyCell(c.ID); ok {
			if res != Total {
				if err := r.Remedies.Add(kind, res, c.Value); err != nil {
					return Report{}, err
				}
			}
			continue
		}
		switch c.ID {
		case "fees.noticesIssued":
			r.Fees.NoticesIssued = c.Value
		case "fees.chargedFen":
			r.Fees.ChargedFen = c.Value
		case "fees.paidFen":
			r.Fees.PaidFen = c.Value
		default:
			return Report{}, fmt.Errorf("snapshot holds an unknown cell %q", c.ID)
		}
	}
	return r, nil
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// publication reads an agency's published report for a year (the
// district's, for agencyID ""); nil when it has none.
func publication(ctx context.Context, q pg.Querier, agencyID string, year int) (*Publication, error) {
	var p Publication
	var body string
	err := q.QueryRow(ctx, `SELECT id::text, body, sha256, published_by::text, published_by_name, published_at
		FROM report_snapshots WHERE agency_id IS NOT DISTINCT FROM nullif($1, '')::uuid AND year = $2`, agencyID, year).
		Scan(&p.ID, &body, &p.SHA256, &p.By, &p.ByName, &p.At)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read published report: %w", pg.Translate(err))
	}
	if sum := sha256.Sum256([]byte(body)); string(sum[:]) != string(p.SHA256) {
		return nil, fmt.Errorf("published report %s: its body no longer matches its SHA-256", p.ID)
	}
	if p.Report, err = decodeSnapshot([]byte(body)); err != nil {
		return nil, fmt.Errorf("published report %s: %w", p.ID, err)
	}
	return &p, nil
}

// Publish freezes an agency's report for a year: the figures its cases
// give now, which must balance, stored with who, when and their SHA-256.
// A year is published once; later changes to its cases show as differences.
func (s *Service) Publish(ctx context.Context, who actor.Actor, agencyID string, year int) (Built, error) {
	if agencyID == "" {
		return Built{}, errs.Field("agencyId", "须指明发布哪个机关的年度报告")
	}
	return s.publish(ctx, who, agencyID, year)
}

// PublishDistrict freezes the district's report for a year, as Publish
// does an agency's. Only an administrator publishes it: foi has no
// district office role, and the administrator runs the service for the
// district (the policy table admits no one else).
func (s *Service) PublishDistrict(ctx context.Context, who actor.Actor, year int) (Built, error) {
	if who.Role != actor.Admin {
		return Built{}, errs.New(errs.PermissionDenied, "仅系统管理员可以发布全区汇总年度报告")
	}
	return s.publish(ctx, who, "", year)
}

func (s *Service) publish(ctx context.Context, who actor.Actor, agencyID string, year int) (Built, error) {
	ids, name, err := s.scope(ctx, who, agencyID)
	if err != nil {
		return Built{}, err
	}
	if year >= s.now().Year() {
		return Built{}, errs.Field("year", "该年度尚未结束，不能发布其年度报告")
	}
	r, err := s.compute(ctx, ids, name, year)
	if err != nil {
		return Built{}, err
	}
	r.AgencyID = agencyID
	body := encodeSnapshot(r)
	sum := sha256.Sum256(body)
	p := Publication{Report: r, By: who.AccountID, ByName: who.Name, At: s.now(), SHA256: sum[:]}
	err = s.db.QueryRow(ctx, `INSERT INTO report_snapshots (agency_id, year, body, sha256, published_by, published_by_name, published_at)
		VALUES (nullif($1, '')::uuid, $2, $3, $4, $5, $6, $7) RETURNING id::text`, agencyID, year, string(body), p.SHA256, who.AccountID, who.Name, p.At).Scan(&p.ID)
	if pg.IsCode(err, pg.UniqueViolation, "report_snapshots_agency_year_key") || pg.IsCode(err, pg.UniqueViolation, "report_snapshots_district_year_key") {
		return Built{}, errs.New(errs.AlreadyExists, strconv.Itoa(year)+"年度报告已经发布，发布后的数字不再改变；之后的变化在报告中作为差异列出")
	}
	if err != nil {
		return Built{}, fmt.Errorf("publish report: %w", pg.Translate(err))
	}
	return Built{Report: r, Publication: &p}, nil
}

// SHA256Hex is the publication's hash in hex.
func (p Publication) SHA256Hex() string { return hex.EncodeToString(p.SHA256) }
