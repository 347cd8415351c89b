package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/ids"
	"foi/services/page"
	"foi/services/pg"
)

// Account is a person who signs in.
type Account struct {
	ID                 string
	Login              string
	Role               actor.Role
	DisplayName        string
	Agencies           []string
	Identity           applicant.Identity // applicants only
	MustChangePassword bool
	Disabled           bool
	Demo               bool
	CreatedAt          time.Time
	passwordHash       string
}

const accountColumns = `
	a.id, a.login, a.role, a.display_name,
	array(SELECT agency_id::text FROM account_agencies x WHERE x.account_id = a.id ORDER BY 1),
	a.applicant_type, a.id_type, a.id_number, a.contact_person, a.phone, a.email, a.address,
	a.must_change_password, a.disabled_at IS NOT NULL, a.demo, a.created_at, a.password_hash`

func scanAccount(row pgx.CollectableRow) (Account, error) {
	var a Account
	id := &a.Identity
	err := row.Scan(&a.ID, &a.Login, &a.Role, &a.DisplayName, &a.Agencies,
		&id.Type, &id.IDType, &id.IDNumber, &id.ContactPerson, &id.Phone, &id.Email, &id.Address,
		&a.MustChangePassword, &a.Disabled, &a.Demo, &a.CreatedAt, &a.passwordHash)
	id.Name = a.DisplayName
	return a, err
}

func getAccount(ctx context.Context, q pg.Querier, where string, arg any) (Account, error) {
	rows, _ := q.Query(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE `+where, arg)
	a, err := pgx.CollectExactlyOneRow(rows, scanAccount)
	if errors.Is(err, pgx.ErrNoRows) || pg.IsCode(err, pg.InvalidTextRepr, "") {
		return Account{}, errs.New(errs.NotFound, "账号不存在")
	}
	return a, err
}

// Account returns one account by id.
func (s *Service) Account(ctx context.Context, id string) (Account, error) {
	return getAccount(ctx, s.db, "a.id = $1", id)
}

// RegisterApplicant creates an applicant account: the login is a mobile
// number or an e-mail address, and the identity is stored to prefill the
// applicant's applications. Registrations are counted per client address
// (every attempt, before any password is hashed), so the form can be used
// neither to sweep for registered phone numbers nor to burn CPU.
func (s *Service) RegisterApplicant(ctx context.Context, login, password string, identity applicant.Identity, clientAddr string) (Account, error) {
	if err := s.countRegistration(ctx, clientAddr); err != nil {
		return Account{}, err
	}
	var c errs.Collector
	kind, norm, ok := parseLogin(login)
	switch {
	case !ok || kind == loginUsername:
		c.Add("login", "请使用中国大陆手机号或电子邮箱注册")
	case kind == loginPhone && identity.Phone == "":
		identity.Phone = norm
	case kind == loginEmail && identity.Email == "":
		identity.Email = norm
	}
	c.Merge("", checkPassword("password", password, norm))
	identity.Name = strings.TrimSpace(identity.Name)
	c.Merge("identity", identity.Normalise(clock.DateOf(s.now())))
	if err := c.Err(); err != nil {
		return Account{}, err
	}
	return s.insertAccount(ctx, newAccount{
		login: norm, password: password, role: actor.Applicant, name: identity.Name, identity: identity,
	})
}

// registerThreshold is how many registrations an address may attempt a day
// before it is locked (for a growing time, like sign-in).
const registerThreshold = 20

func (s *Service) countRegistration(ctx context.Context, clientAddr string) error {
	key := throttleKey{"register:" + clientAddr, registerThreshold}
	now := s.now()
	var until time.Time
	locked := false
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO signin_throttle (key, failures, last_failure) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING`, key.key, now); err != nil {
			return err
		}
		var err error
		if until, locked, err = lockedUntil(ctx, tx, now, key.key, key.key); err != nil || locked {
			return err
		}
		return fail(ctx, tx, []throttleKey{key}, now)
	})
	if err == nil && locked {
		return errs.New(errs.ResourceExhausted, fmt.Sprintf("注册过于频繁，请于 %s 后再试", until.In(shanghai).Format("15:04:05")))
	}
	return err
}

// CreateAccount creates a staff or administrator account. The password is
// an initial one: it must be changed at first sign-in.
func (s *Service) CreateAccount(ctx context.Context, login, password string, role actor.Role, name string, agencies []string) (Account, error) {
	var c errs.Collector
	kind, norm, ok := parseLogin(login)
	if !ok || kind != loginUsername {
		c.Add("login", "用户名须为 3 至 32 位小写字母、数字、点、横线或下划线")
	}
	c.Merge("", checkPassword("password", password, norm))
	switch {
	case role.Staff():
		if len(agencies) == 0 {
			c.Add("agencyIds", "工作人员至少属于一个机关")
		}
	case role == actor.Admin:
		if len(agencies) != 0 {
			c.Add("agencyIds", "系统管理员不属于具体机关")
		}
	default:
		c.Add("role", "只能创建工作人员或系统管理员账号；申请人自行注册")
	}
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n == 0 || n > 50 {
		c.Add("displayName", "姓名须为 1 至 50 个字")
	}
	if err := c.Err(); err != nil {
		return Account{}, err
	}
	return s.insertAccount(ctx, newAccount{
		login: norm, password: password, role: role, name: name, agencies: agencies, mustChange: true,
	})
}

var (
	errLoginTaken    = errs.New(errs.AlreadyExists, "该登录名已被使用")
	errDocumentTaken = errs.New(errs.AlreadyExists,
		"该身份证件已注册过申请人账号，一个证件只能注册一个账号。如忘记密码，请携带该证件到受理窗口重置密码")
)

// checkUnique refuses a login or an applicant's identity document that an
// account already has, before the insert: a unique violation would put the
// value into the database server's log. The constraints stay as the last
// word for a race between two registrations.
func checkUnique(ctx context.Context, tx pgx.Tx, n newAccount) error {
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM accounts WHERE login = $1)`, n.login).Scan(&taken); err != nil {
		return err
	}
	if taken {
		return errLoginTaken
	}
	if n.role != actor.Applicant || n.identity.IDNumber == "" {
		return nil
	}
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM accounts WHERE role = 'APPLICANT' AND id_type = $1 AND id_number = $2)`,
		n.identity.IDType, n.identity.IDNumber).Scan(&taken)
	if err == nil && taken {
		return errDocumentTaken
	}
	return err
}

type newAccount struct {
	login, password, name string
	role                  actor.Role
	agencies              []string
	identity              applicant.Identity
	mustChange, demo      bool
	issuer, subject       string
}

func (s *Service) insertAccount(ctx context.Context, n newAccount) (Account, error) {
	hash := ""
	if n.password != "" {
		hash = hashPassword(n.password, s.argon)
	}
	var out Account
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := checkUnique(ctx, tx, n); err != nil {
			return err
		}
		var id string
		ident := n.identity
		err := tx.QueryRow(ctx, `
			INSERT INTO accounts (login, password_hash, role, display_name,
				applicant_type, id_type, id_number, contact_person, phone, email, address,
				must_change_password, demo, external_issuer, external_subject, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, nullif($14, ''), nullif($15, ''), $16, $16)
			RETURNING id`,
			n.login, hash, n.role, n.name,
			ident.Type, ident.IDType, ident.IDNumber, ident.ContactPerson, ident.Phone, ident.Email, ident.Address,
			n.mustChange, n.demo, n.issuer, n.subject, s.now()).Scan(&id)
		switch {
		case pg.IsCode(err, pg.UniqueViolation, "accounts_login_key"):
			return errLoginTaken
		case pg.IsCode(err, pg.UniqueViolation, "accounts_applicant_document_key"):
			return errDocumentTaken
		case err != nil:
			return fmt.Errorf("insert account: %w", pg.Translate(err))
		}
		for _, ag := range n.agencies {
			_, err := tx.Exec(ctx, `INSERT INTO account_agencies (account_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, ag)
			if pg.IsCode(err, pg.ForeignKeyViolation, "") || pg.IsCode(err, pg.InvalidTextRepr, "") {
				return errs.Field("agencyIds", "机关 "+ag+" 不存在")
			}
			if err != nil {
				return err
			}
		}
		out, err = getAccount(ctx, tx, "a.id = $1", id)
		return err
	})
	return out, err
}

// AccountFilter selects accounts for a list.
type AccountFilter struct {
	Role      actor.Role
	AgencyID  string
	PageSize  int32
	PageToken string
}

// ListAccounts returns a page of accounts ordered by login.
func (s *Service) ListAccounts(ctx context.Context, f AccountFilter) ([]Account, string, error) {
	limit, err := page.Size(f.PageSize)
	if err != nil {
		return nil, "", err
	}
	// The token names the last account by id, not by its login, which the
	// list itself shows masked.
	var after struct {
		ID string `json:"i"`
	}
	if err := page.Decode(f.PageToken, &after); err != nil {
		return nil, "", err
	}
	if after.ID != "" && !ids.Valid(after.ID) {
		return nil, "", errs.Field("pageToken", "无效的分页标记")
	}
	rows, _ := s.db.Query(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.login > coalesce((SELECT login FROM accounts WHERE id::text = $1), '')
		  AND ($2 = '' OR a.role = $2)
		  AND ($3 = '' OR EXISTS (SELECT 1 FROM account_agencies x WHERE x.account_id = a.id AND x.agency_id::text = $3))
		ORDER BY a.login LIMIT $4`, after.ID, string(f.Role), f.AgencyID, limit+1)
	list, err := pgx.CollectRows(rows, scanAccount)
	if err != nil {
		return nil, "", fmt.Errorf("list accounts: %w", err)
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		after.ID = list[limit-1].ID
		next = page.Encode(after)
	}
	return list, next, nil
}

// DisableAccount disables an account and revokes its sessions, so its
// tokens stop working at once.
func (s *Service) DisableAccount(ctx context.Context, who actor.Actor, id string) (Account, error) {
	defer s.sessionsChanged()
	if id == who.AccountID {
		return Account{}, errs.New(errs.FailedPrecondition, "不能停用自己的账号")
	}
	var out Account
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE accounts SET disabled_at = coalesce(disabled_at, $2), updated_at = $2 WHERE id = $1`, id, s.now())
		if pg.IsCode(err, pg.InvalidTextRepr, "") || (err == nil && tag.RowsAffected() == 0) {
			return errs.New(errs.NotFound, "账号不存在")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`, id, s.now()); err != nil {
			return err
		}
		out, err = getAccount(ctx, tx, "a.id = $1", id)
		return err
	})
	return out, err
}

// ChangePassword sets a new password after checking the current one, and
// signs out every other session of the account.
func (s *Service) ChangePassword(ctx context.Context, who actor.Actor, current, next string) error {
	defer s.sessionsChanged()
	acc, err := s.Account(ctx, who.AccountID)
	if err != nil {
		return err
	}
	if acc.passwordHash == "" || !verifyPassword(current, acc.passwordHash) {
		return errs.Field("currentPassword", "当前密码不正确")
	}
	if err := checkPassword("newPassword", next, acc.Login); err != nil {
		return err
	}
	if current == next {
		return errs.Field("newPassword", "新密码不能与当前密码相同")
	}
	return pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE accounts SET password_hash = $2, must_change_password = false, updated_at = $3 WHERE id = $1`,
			acc.ID, hashPassword(next, s.argon), s.now()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND id <> $2 AND revoked_at IS NULL`,
			acc.ID, who.SessionID, s.now())
		return err
	})
}

// EnsureAdmin creates the first administrator when there is none, and
// writes its one-time password to out, once. It is never logged.
func (s *Service) EnsureAdmin(ctx context.Context, out io.Writer) error {
	var exists bool
	if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM accounts WHERE role = 'ADMIN')`).Scan(&exists); err != nil || exists {
		return err
	}
	password := randomSecret(12)
	_, err := s.insertAccount(ctx, newAccount{login: "admin", password: password, role: actor.Admin, name: "系统管理员", mustChange: true})
	if errors.Is(err, errs.AlreadyExists) {
		return nil // another replica bootstrapped at the same moment
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nfoid: created the first administrator.\n  login:    admin\n  password: %s\n"+
		"This one-time password is shown only now; it must be changed at first sign-in.\n\n", password)
	return nil
}

// ResetAdmin creates or resets an administrator account with a new one-time
// password and returns it (foictl).
func (s *Service) ResetAdmin(ctx context.Context, login string) (string, error) {
	defer s.sessionsChanged()
	kind, norm, ok := parseLogin(login)
	if !ok || kind != loginUsername {
		return "", errs.Field("login", "用户名须为 3 至 32 位小写字母、数字、点、横线或下划线")
	}
	password := randomSecret(12)
	acc, err := getAccount(ctx, s.db, "a.login = $1", norm)
	if errors.Is(err, errs.NotFound) {
		_, err = s.insertAccount(ctx, newAccount{login: norm, password: password, role: actor.Admin, name: "系统管理员", mustChange: true})
		return password, err
	}
	if err != nil {
		return "", err
	}
	if acc.Role != actor.Admin {
		return "", errs.New(errs.FailedPrecondition, norm+" 不是系统管理员账号")
	}
	return password, pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE accounts SET password_hash = $2, must_change_password = true, disabled_at = NULL, updated_at = $3 WHERE id = $1`,
			acc.ID, hashPassword(password, s.argon), s.now()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`, acc.ID, s.now())
		return err
	})
}

// DemoPassword is the password of the demo accounts of the embedded
// default database. They exist only there, and the README lists them.
const DemoPassword = "foi-demo-2026"

// demoStaff are the demo district's staff; each works for every demo agency.
var demoStaff = []struct {
	login string
	role  actor.Role
	name  string
}{
	{"demo-clerk", actor.Clerk, "王窗口"},
	{"demo-officer", actor.Officer, "李承办"},
	{"demo-adviser", actor.LegalAdviser, "赵法务"},
	{"demo-head", actor.Head, "陈主任"},
}

// SeedDemoAccounts creates the demo staff (for the given demo agencies) and
// a demo applicant, once.
func (s *Service) SeedDemoAccounts(ctx context.Context, agencies []string) error {
	var exists bool
	if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM accounts WHERE demo)`).Scan(&exists); err != nil || exists {
		return err
	}
	for _, st := range demoStaff {
		if _, err := s.insertAccount(ctx, newAccount{login: st.login, password: DemoPassword, role: st.role, name: st.name,
			agencies: agencies, demo: true}); err != nil && !errors.Is(err, errs.AlreadyExists) {
			return fmt.Errorf("demo account %s: %w", st.login, err)
		}
	}
	_, err := s.insertAccount(ctx, newAccount{login: "13800000000", password: DemoPassword, role: actor.Applicant, name: "张示范",
		identity: DemoApplicant, demo: true})
	if err != nil && !errors.Is(err, errs.AlreadyExists) {
		return fmt.Errorf("demo applicant: %w", err)
	}
	return nil
}

// DemoApplicant is the identity of the demo applicant account.
var DemoApplicant = applicant.Identity{
	Type: applicant.NaturalPerson, Name: "张示范", IDType: applicant.ResidentIDCard, IDNumber: "11010519491231002X",
	Phone: "13800000000", Address: "示范区人民路1号",
}
