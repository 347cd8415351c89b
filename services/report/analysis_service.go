package report

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
)

// today is the service's date in Asia/Shanghai.
func (s *Service) today() clock.Date { return clock.DateOf(s.now()) }

// Analysis returns the analysis of an agency (or the district, for
// agencyID "") over the period from..to; zero dates take CheckPeriod's
// default. Who may see the district is the report's rule.
func (s *Service) Analysis(ctx context.Context, who actor.Actor, agencyID string, from, to clock.Date) (Analysis, error) {
	from, to, err := CheckPeriod(from, to, s.today())
	if err != nil {
		return Analysis{}, err
	}
	ids, name, err := s.scope(ctx, who, agencyID)
	if err != nil {
		return Analysis{}, err
	}
	an := Analysis{AgencyID: agencyID, AgencyName: name, From: from, To: to, AsOf: s.today(),
		ByMonth: months(from, to), ByChannel: append([]Count(nil), Channels...), ByApplicantType: applicantTypes(),
		Outcomes: outcomeCounts()}
	rows, err := s.readAnalysis(ctx, ids, &an)
	if err != nil {
		return Analysis{}, fmt.Errorf("analyse %s to %s: %w", from, to, err)
	}
	for _, f := range rows.fees {
		an.Fees = an.Fees.Plus(f)
	}
	if an.Replies, err = replyTimes(rows.pairs, func(region string) (*clock.Calendar, error) {
		return s.cals.Current(ctx, region)
	}); err != nil {
		return Analysis{}, fmt.Errorf("count working days to reply: %w", err)
	}
	an.Repeat = repeatFigures(rows.perApplicant)
	an.Topics = TopicClusters(rows.titles)
	for i, t := range an.Topics {
		for _, m := range rows.marks {
			if m.Key == t.Key {
				an.Topics[i].Mark = &m
				break
			}
		}
	}
	return an, nil
}

// analysisRows are what the analysis reads besides the figures it fills
// in directly, for working out in Go.
type analysisRows struct {
	pairs        []replyPair
	perApplicant map[int64]int64
	titles       []TitleCount
	fees         map[string]Fees
	marks        []TopicMark
}

// readAnalysis runs the analysis's queries in one read-only snapshot.
func (s *Service) readAnalysis(ctx context.Context, ids []string, an *Analysis) (analysisRows, error) {
	var r analysisRows
	err := pgx.BeginTxFunc(ctx, s.db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// JIT costs more than it saves on these short queries.
		if _, err := tx.Exec(ctx, `SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`); err != nil {
			return err
		}
		if err := receivedFigures(ctx, tx, ids, an); err != nil {
			return err
		}
		var err error
		if r.pairs, err = resolvedFigures(ctx, tx, ids, an); err != nil {
			return err
		}
		if err := stepFigures(ctx, tx, ids, an); err != nil {
			return err
		}
		if err := remedyFigures(ctx, tx, ids, an); err != nil {
			return err
		}
		if r.fees, err = feeFigures(ctx, tx, ids, an.From, an.To); err != nil {
			return err
		}
		if r.perApplicant, err = repeatCounts(ctx, tx, ids, an); err != nil {
			return err
		}
		if r.titles, err = titleCounts(ctx, tx, ids, an.From, an.To); err != nil {
			return err
		}
		r.marks, err = topicMarks(ctx, tx, ids)
		return err
	})
	return r, pg.Translate(err)
}

// TopicMark is the decision to publish a most-requested topic
// proactively (依申请公开转主动公开).
type TopicMark struct {
	ID         string
	AgencyID   string
	AgencyName string
	Key, Label string
	Samples    []string
	Count      int64 // the cluster's cases in the period it was marked from
	From, To   clock.Date
	Note       string
	By, ByName string
	At         time.Time
}

// topicMarks lists the marks of the agencies, newest first.
func topicMarks(ctx context.Context, q pg.Querier, ids []string) ([]TopicMark, error) {
	rows, _ := q.Query(ctx, `
		SELECT m.id::text, m.agency_id::text, g.name, m.cluster_key, m.label, m.sample_titles, m.request_count,
			m.period_from, m.period_to, m.note, m.marked_by::text, m.marked_by_name, m.marked_at
		FROM topic_publication_marks m JOIN agencies g ON g.id = m.agency_id
		WHERE m.agency_id = ANY($1::uuid[]) ORDER BY m.marked_at DESC, m.id`, ids)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (TopicMark, error) {
		var m TopicMark
		err := r.Scan(&m.ID, &m.AgencyID, &m.AgencyName, &m.Key, &m.Label, &m.Samples, &m.Count, &m.From, &m.To, &m.Note, &m.By, &m.ByName, &m.At)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("list topic marks: %w", pg.Translate(err))
	}
	return out, nil
}

// TopicMarks lists the marks of an agency (or of every agency, for the
// district), newest first.
func (s *Service) TopicMarks(ctx context.Context, who actor.Actor, agencyID string) ([]TopicMark, error) {
	ids, _, err := s.scope(ctx, who, agencyID)
	if err != nil {
		return nil, err
	}
	return topicMarks(ctx, s.db, ids)
}

// MaxMarkNote bounds a mark's note, in characters.
const MaxMarkNote = 500

// MarkTopic records that the agency will publish a most-requested topic of
// the period proactively. The cluster is found again from the agency's
// cases, so what is recorded (its label, samples and count) is what the
// analysis shows; a topic is marked once per agency.
func (s *Service) MarkTopic(ctx context.Context, who actor.Actor, agencyID string, from, to clock.Date, key, note string) (TopicMark, error) {
	var c errs.Collector
	if agencyID == "" {
		c.Add("agencyId", "须指明哪个机关将该主题转为主动公开")
	}
	key = strings.TrimSpace(key)
	if key == "" {
		c.Add("clusterKey", "不能为空")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxMarkNote {
		c.Add("note", fmt.Sprintf("不能超过 %d 个字", MaxMarkNote))
	}
	if err := c.Err(); err != nil {
		return TopicMark{}, err
	}
	an, err := s.Analysis(ctx, who, agencyID, from, to)
	if err != nil {
		return TopicMark{}, err
	}
	var topic *Topic
	for i := range an.Topics {
		if an.Topics[i].Key == key {
			topic = &an.Topics[i]
		}
	}
	if topic == nil {
		return TopicMark{}, errs.Field("clusterKey", fmt.Sprintf("%s 至 %s 期间的热点主题中没有这个主题，请按分析页面所列主题标记", an.From, an.To))
	}
	if topic.Mark != nil {
		return TopicMark{}, errs.New(errs.AlreadyExists, fmt.Sprintf("该主题已由%s于%s标记为转主动公开", topic.Mark.ByName, clock.DateOf(topic.Mark.At)))
	}
	m := TopicMark{AgencyID: agencyID, AgencyName: an.AgencyName, Key: key, Label: topic.Label, Samples: topic.Samples, Count: topic.Count,
		From: an.From, To: an.To, Note: note, By: who.AccountID, ByName: who.Name, At: s.now()}
	err = s.db.QueryRow(ctx, `
		INSERT INTO topic_publication_marks (agency_id, cluster_key, label, sample_titles, request_count, period_from, period_to, note,
			marked_by, marked_by_name, marked_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::text`,
		agencyID, key, m.Label, m.Samples, m.Count, m.From, m.To, note, who.AccountID, who.Name, m.At).Scan(&m.ID)
	if pg.IsCode(err, pg.UniqueViolation, "topic_publication_marks_agency_key") {
		return TopicMark{}, errs.New(errs.AlreadyExists, "该主题已标记为转主动公开")
	}
	if err != nil {
		return TopicMark{}, fmt.Errorf("mark topic %s: %w", key, pg.Translate(err))
	}
	return m, nil
}
