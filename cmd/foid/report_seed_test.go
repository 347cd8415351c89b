package main

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
)

// seeded is a case written straight into the database, as an import of
// past years would: the report reads only what the tables hold.
type seeded struct {
	name     string // the test's name for it
	agency   string // "" for agency A
	col      string // applicant type
	received string // "" for never received
	replied  string
	closed   string
	outcome  string
	state    string
	reason   string // the first withheld part's reason (WITHHELD)
	title    string
}

// seedCases writes the cases and returns their ids by name.
func seedCases(t *testing.T, conn *pgx.Conn, p people, cases []seeded) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for i, c := range cases {
		agency := c.agency
		if agency == "" {
			agency = p.agencyA
		}
		if c.title == "" {
			c.title = "关于" + c.name + "的政府信息"
		}
		var tracking any
		if c.received != "" {
			tracking = fmt.Sprintf("SEED-%s-%04d-%s", agency[:8], i, c.name)
		}
		var id string
		err := conn.QueryRow(t.Context(), `
			INSERT INTO applications (agency_id, tracking_number, state, regime, applicant_type, applicant_name, applicant_id_type,
				applicant_id_number, info_title, medium, delivery, channel, received_on, replied_on, closed_on, outcome, created_by)
			VALUES ($1, $2, $3, '2019', $4, '历史申请人', 'RESIDENT_ID_CARD', '110105194912310000', $5, 'PAPER', 'POST', 'IN_PERSON',
				nullif($6, '')::date, nullif($7, '')::date, nullif($8, '')::date, nullif($9, ''), $10)
			RETURNING id::text`,
			agency, tracking, c.state, c.col, c.title, c.received, c.replied, c.closed, c.outcome, p.ids["clerk"]).Scan(&id)
		if err != nil {
			t.Fatalf("seed %s: %v", c.name, err)
		}
		if c.reason != "" {
			_, err := conn.Exec(t.Context(), `
				WITH d AS (INSERT INTO drafts (application_id, version, content, sha256, author_id, created_at)
					VALUES ($1, 1, $2, '\x00', $3, now()) RETURNING id)
				UPDATE applications SET approved_draft_id = (SELECT id FROM d) WHERE id = $1`,
				id, fmt.Sprintf(`{"outcome":"WITHHELD","withheldParts":[{"part":"全部","reason":%q,"explanation":"x"}]}`, c.reason), p.ids["officer"])
			if err != nil {
				t.Fatalf("seed the draft of %s: %v", c.name, err)
			}
		}
		ids[c.name] = id
	}
	return ids
}

// seedRemedy records a reconsideration or lawsuit against a seeded case.
func seedRemedy(t *testing.T, conn *pgx.Conn, appID, kind, filed, result, decided string) {
	t.Helper()
	_, err := conn.Exec(t.Context(), `INSERT INTO remedies (application_id, kind, filed_on, authority, result, decided_on)
		VALUES ($1, $2, $3, '示范市人民政府', nullif($4, ''), nullif($5, '')::date)`, appID, kind, filed, result, decided)
	if err != nil {
		t.Fatalf("seed remedy: %v", err)
	}
}

// seedFee records a fee notice on a seeded case, paid on paid ("" unpaid).
func seedFee(t *testing.T, conn *pgx.Conn, p people, appID, issued string, fen int64, paid string) {
	t.Helper()
	status := "PENDING"
	if paid != "" {
		status = "PAID"
	}
	_, err := conn.Exec(t.Context(), `INSERT INTO fee_notices (application_id, mode, pages, max_fen, amount_fen, items, issued_by,
			issued_on, served_on, pay_by, status, paid_on, paused_clock)
		VALUES ($1, 'PER_VOLUME', 100, $2, $2, '[]', $3, $4, $4, $4::date + 30, $5, nullif($6, '')::date, true)`,
		appID, fen, p.ids["officer"], issued, status, paid)
	if err != nil {
		t.Fatalf("seed fee notice: %v", err)
	}
}
