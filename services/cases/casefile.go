package cases

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/blob"
	"foi/services/chain"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
)

// CaseFile is a closed case as handed to the archive (案卷): its notices
// exactly as issued, its documents, its history with the hash chain and
// the result of verifying it, an index in archive order and a manifest of
// the SHA-256 of every file. All of it is read in one snapshot.
type CaseFile struct {
	App          Application
	Events       []HistoryEvent
	Notices      []Notice
	Documents    []Document
	Verification Verification
}

// ManifestName is the file of a case file that lists the SHA-256 of every
// other file, in the format of sha256sum.
const ManifestName = "SHA256SUMS"

// CaseFile reads case id for the archive: only a closed or withdrawn
// case, whose record no longer grows but by a later remedy.
func (d *Documents) CaseFile(ctx context.Context, who actor.Actor, id string) (CaseFile, error) {
	var cf CaseFile
	err := d.snapshot(ctx, func(tx pgx.Tx) error {
		app, err := getApplication(ctx, tx, who, id, false)
		if err != nil {
			return err
		}
		cf, err = d.caseFile(ctx, tx, app)
		return err
	})
	return cf, err
}

func (d *Documents) snapshot(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := d.s.db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return pg.Translate(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return fn(tx)
}

func (d *Documents) caseFile(ctx context.Context, tx pgx.Tx, app Application) (CaseFile, error) {
	if app.State != Closed && app.State != Withdrawn {
		return CaseFile{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("案件当前状态为「%s」，办结或撤回后才能归档", app.State.Label()))
	}
	cf := CaseFile{App: app}
	var err error
	if cf.Events, err = historyOf(ctx, tx, app.ID); err != nil {
		return CaseFile{}, err
	}
	if cf.Notices, err = noticesOf(ctx, tx, app.ID); err != nil {
		return CaseFile{}, err
	}
	if cf.Documents, _, err = d.load(ctx, tx, app.ID); err != nil {
		return CaseFile{}, err
	}
	cf.Verification = verifyChain(d.s.historyKey, cf.Events, cf.Notices, app.historySeq, app.historyHash)
	return cf, nil
}

// Name is the case file's file name.
func (cf CaseFile) Name() string { return cf.folder() + ".zip" }

func (cf CaseFile) folder() string {
	if cf.App.TrackingNumber != "" {
		return "案卷-" + cf.App.TrackingNumber
	}
	return "案卷-" + cf.App.ID
}

// entry is one file of a case file, in archive order.
type entry struct {
	path, title, date string
	pages             int
	size              int64
	compress          bool
	open              func(ctx context.Context) (io.ReadCloser, error)
}

func (d *Documents) entries(cf CaseFile) []entry {
	var out []entry
	for i, n := range cf.Notices {
		html := n.HTML
		out = append(out, entry{
			path:  fmt.Sprintf("文书/%02d_%s_%s.html", i+1, safeName(n.Number), safeName(n.Title)),
			title: n.Title + "（" + n.Number + "）", date: dateText(n.IssuedAt), size: int64(len(html)), compress: true,
			open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(html)), nil },
		})
	}
	for i, doc := range cf.Documents {
		var sum blob.Sum
		copy(sum[:], doc.SHA256)
		title := doc.Kind.Label() + "：" + doc.FileName
		if doc.RemovedAt != nil {
			title += "（" + dateText(*doc.RemovedAt) + "已删除：" + doc.RemovalReason + "）"
		}
		out = append(out, entry{
			path:  fmt.Sprintf("材料/%02d_%s_%s", i+1, doc.Kind.Label(), safeName(doc.FileName)),
			title: title, date: dateText(doc.UploadedAt), pages: doc.Pages, size: doc.Size,
			compress: strings.HasPrefix(doc.MediaType, "text/"),
			open: func(ctx context.Context) (io.ReadCloser, error) {
				rc, _, err := d.blobs.Get(ctx, sum)
				return rc, err
			},
		})
	}
	return out
}

// WriteCaseFile writes the case file as a ZIP archive to w, streaming each
// document from the blob store: the index first, then the notices, the
// documents, the history and its verification, and last the manifest.
// prefix puts it in a folder of a larger archive ("" for none).
func (d *Documents) WriteCaseFile(ctx context.Context, cf CaseFile, z *zip.Writer, prefix string) error {
	history, err := historyJSON(cf)
	if err != nil {
		return err
	}
	summary := verificationText(cf)
	files := d.entries(cf)
	files = append(files,
		entry{path: "历史记录.json", title: "办理过程记录（含哈希链）", size: int64(len(history)), compress: true,
			open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(history)), nil }},
		entry{path: "历史核验.txt", title: "办理过程记录核验结果", size: int64(len(summary)), compress: true,
			open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(summary)), nil }})
	index := indexText(cf, files)
	files = append([]entry{{path: "00_卷内目录.txt", compress: true, size: int64(len(index)),
		open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(index)), nil }}}, files...)
	var manifest strings.Builder
	for _, f := range files {
		sum, err := writeEntry(ctx, z, prefix+f.path, f, cf.App.UpdatedAt)
		if err != nil {
			return err
		}
		fmt.Fprintf(&manifest, "%s  %s\n", hex.EncodeToString(sum), f.path)
	}
	w, err := z.CreateHeader(&zip.FileHeader{Name: prefix + ManifestName, Method: zip.Deflate, Modified: cf.App.UpdatedAt})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, manifest.String())
	return err
}

// writeEntry copies one file into the archive and returns its SHA-256.
func writeEntry(ctx context.Context, z *zip.Writer, name string, f entry, modified time.Time) ([]byte, error) {
	method := zip.Store // documents are mostly compressed already
	if f.compress {
		method = zip.Deflate
	}
	w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: modified})
	if err != nil {
		return nil, err
	}
	rc, err := f.open(ctx)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var h hash.Hash = sha256.New()
	if _, err := io.Copy(io.MultiWriter(w, h), rc); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// indexText is the 卷内目录: every file in archive order with its title,
// date, pages and size.
func indexText(cf CaseFile, files []entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "卷内目录\n\n案件编号：%s\n申请内容：%s\n案件状态：%s\n", cf.App.TrackingNumber, cf.App.Details.Information.Title, cf.App.State.Label())
	if cf.App.Outcome != "" {
		fmt.Fprintf(&b, "答复结果：%s\n", cf.App.Outcome.Label())
	}
	fmt.Fprintf(&b, "收到日期：%s　办结日期：%s\n\n序号\t文件\t题名\t日期\t页数\t字节\n", cf.App.ReceivedOn, cf.App.ClosedOn)
	for i, f := range files {
		pages := ""
		if f.pages > 0 {
			pages = fmt.Sprint(f.pages)
		}
		fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t%s\t%d\n", i+1, f.path, f.title, f.date, pages, f.size)
	}
	fmt.Fprintf(&b, "%d\t%s\t各文件的 SHA-256 校验值\t\t\t\n", len(files)+1, ManifestName)
	return b.String()
}

// historyJSON is the case's history as archived: every event with its
// hashes, exactly as stored and hashed.
func historyJSON(cf CaseFile) (string, error) {
	type event struct {
		Seq        int             `json:"seq"`
		Version    int64           `json:"version"`
		Event      string          `json:"event"`
		Label      string          `json:"label"`
		From       State           `json:"from"`
		To         State           `json:"to"`
		ActorID    string          `json:"actorId"`
		ActorRole  actor.Role      `json:"actorRole"`
		ActorName  string          `json:"actorName"`
		OccurredAt string          `json:"occurredAt"`
		Reason     string          `json:"reason"`
		Payload    json.RawMessage `json:"payload"`
		PrevHash   string          `json:"prevHash"`
		Hash       string          `json:"hash"`
		Chain      string          `json:"chain"`
	}
	out := struct {
		ApplicationID  string  `json:"applicationId"`
		TrackingNumber string  `json:"trackingNumber"`
		Events         []event `json:"events"`
	}{ApplicationID: cf.App.ID, TrackingNumber: cf.App.TrackingNumber}
	for _, e := range cf.Events {
		out.Events = append(out.Events, event{e.Seq, e.Version, e.Event, Event(e.Event).Label(), e.From, e.To, e.ActorID, e.ActorRole,
			e.ActorName, chain.Time(e.OccurredAt), e.Reason, json.RawMessage(e.Payload),
			hex.EncodeToString(e.PrevHash), hex.EncodeToString(e.Hash), e.Chain})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	return string(b) + "\n", err
}

// verificationText says what verifying the chain found when the case file
// was made, and how to check it again.
func verificationText(cf CaseFile) string {
	v := cf.Verification
	var b strings.Builder
	fmt.Fprintf(&b, "办理过程记录核验结果\n\n核验方式：%s（%s）\n记录条数：%d\n核对文书：%d 份\n", v.Method, v.Check, v.Events, v.Notices)
	if v.Intact {
		b.WriteString("结论：完整，未发现改动、删除或调换\n")
	} else {
		fmt.Fprintf(&b, "结论：不完整。%s\n", v.Problem)
	}
	b.WriteString("\n说明：历史记录.json 中每条记录的 hash 是以前一条的 hash 和本条内容计算的 HMAC-SHA256，" +
		"密钥保存在系统之外，须持有密钥（foictl history verify）才能重新核验哈希链；" +
		"本案卷中每个文件的 SHA-256 列于 " + ManifestName + "，任何人都可据以核对文件未被改动。\n")
	return b.String()
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return clock.DateOf(t).String()
}

// safeName keeps a name usable as one path element of an archive.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < 0x20 {
			return '_'
		}
		return r
	}, s)
}

// WriteAgencyExport writes the case files of agencyID's cases closed (or
// withdrawn) in year into z, one folder per case, after a 目录.txt
// listing them. Each case is read in its own snapshot.
func (d *Documents) WriteAgencyExport(ctx context.Context, who actor.Actor, agencyID string, year int, z *zip.Writer) error {
	if !who.InAgency(agencyID) {
		return errs.New(errs.NotFound, "机关不存在")
	}
	if year < 2008 || year > 9999 {
		return errs.Field("year", "年份须为 2008 年以后")
	}
	rows, _ := d.s.db.Query(ctx, `SELECT id::text, coalesce(tracking_number, ''), info_title FROM applications
		WHERE agency_id = $1 AND state IN ('CLOSED', 'WITHDRAWN')
		  AND coalesce(closed_on, (updated_at AT TIME ZONE 'Asia/Shanghai')::date) >= make_date($2, 1, 1)
		  AND coalesce(closed_on, (updated_at AT TIME ZONE 'Asia/Shanghai')::date) < make_date($2 + 1, 1, 1)
		ORDER BY tracking_number, id`, agencyID, year)
	type closedCase struct{ id, number, title string }
	var list []closedCase
	var c closedCase
	if _, err := pgx.ForEachRow(rows, []any{&c.id, &c.number, &c.title}, func() error {
		list = append(list, c)
		return nil
	}); err != nil {
		return fmt.Errorf("closed cases of %s in %d: %w", agencyID, year, pg.Translate(err))
	}
	w, err := z.Create("目录.txt")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d 年办结案件案卷目录（共 %d 件）\n\n序号\t案卷\t申请内容\n", year, len(list))
	for i, c := range list {
		fmt.Fprintf(w, "%d\t%s\t%s\n", i+1, CaseFile{App: Application{ID: c.id, TrackingNumber: c.number}}.folder(), c.title)
	}
	for _, c := range list {
		var cf CaseFile
		err := d.snapshot(ctx, func(tx pgx.Tx) error {
			app, err := getApplication(ctx, tx, who, c.id, false)
			if err != nil {
				return err
			}
			cf, err = d.caseFile(ctx, tx, app)
			return err
		})
		if err != nil {
			return err
		}
		if err := d.WriteCaseFile(ctx, cf, z, cf.folder()+"/"); err != nil {
			return err
		}
	}
	return nil
}
