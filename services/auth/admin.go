package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
)

// The looking after of accounts by people other than their owner: an
// office's staff directory, an administrator resetting, re-enabling and
// changing staff accounts, a clerk resetting an applicant's password or
// changing their identity document at the window on proof, and applicants
// keeping their own contact details. Every change is an account event.

// Staff lists the active staff of an agency, by role then name, for
// assigning and reassigning cases. role, when set, keeps one role.
func (s *Service) Staff(ctx context.Context, who actor.Actor, agencyID string, role actor.Role) ([]Account, error) {
	if !who.InAgency(agencyID) {
		return nil, errs.New(errs.NotFound, "机构不存在")
	}
	if role != "" && !role.Staff() {
		return nil, errs.Field("role", "只能按工作人员的角色筛选")
	}
	rows, _ := s.db.Query(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.disabled_at IS NULL AND a.role IN ('CLERK', 'OFFICER', 'LEGAL_ADVISER', 'HEAD')
		AND EXISTS (SELECT 1 FROM account_agencies x WHERE x.account_id = a.id AND x.agency_id::text = $1)
		AND ($2 = '' OR a.role = $2)
		ORDER BY a.role, a.display_name, a.id`, agencyID, string(role))
	return pgx.CollectRows(rows, scanAccount)
}

// ResetPassword gives a staff or administrator account a one-time password
// it must change at the next sign-in, and signs it out everywhere.
// Administrators only; applicants are reset at the window.
func (s *Service) ResetPassword(ctx context.Context, who actor.Actor, id string) (string, error) {
	defer s.sessionsChanged()
	password := randomSecret(12)
	return password, pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		acc, err := getAccount(ctx, tx, "a.id = $1", id)
		if err != nil {
			return err
		}
		if acc.Role == actor.Applicant {
			return errs.New(errs.FailedPrecondition, "申请人的密码由窗口工作人员核验身份后重置")
		}
		return s.newPassword(ctx, tx, who, acc.ID, password, "")
	})
}

// ResetApplicantPassword is the window's answer to an applicant who forgot
// their password: the clerk has checked the person's identity document,
// whose number must be the account's, and hands over a one-time password.
func (s *Service) ResetApplicantPassword(ctx context.Context, who actor.Actor, login, idNumber string) (Account, string, error) {
	defer s.sessionsChanged()
	_, norm, ok := parseLogin(login)
	if !ok {
		return Account{}, "", errs.Field("login", "请填写申请人注册时使用的手机号或电子邮箱")
	}
	idNumber = strings.ToUpper(strings.TrimSpace(idNumber))
	acc, err := getAccount(ctx, s.db, "a.login = $1", norm)
	// The same answer for no such account and a wrong document, so the
	// window cannot be used to learn who is registered.
	if err != nil || acc.Role != actor.Applicant || acc.Identity.IDNumber == "" || acc.Identity.IDNumber != idNumber {
		return Account{}, "", errs.New(errs.FailedPrecondition, "登录名与身份证件号码不匹配，不能重置密码")
	}
	password := randomSecret(12)
	err = pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		return s.newPassword(ctx, tx, who, acc.ID, password, "窗口核验身份证件后重置")
	})
	return acc, password, err
}

// newPassword sets a one-time password and signs the account out.
func (s *Service) newPassword(ctx context.Context, tx pgx.Tx, who actor.Actor, id, password, reason string) error {
	if _, err := tx.Exec(ctx, `UPDATE accounts SET password_hash = $2, must_change_password = true, updated_at = $3 WHERE id = $1`,
		id, hashPassword(password, s.argon), s.now()); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`, id, s.now()); err != nil {
		return err
	}
	return s.accountEvent(ctx, tx, id, "PASSWORD_RESET", who, reason, nil)
}

// EnableAccount re-enables a disabled account. Administrators only.
func (s *Service) EnableAccount(ctx context.Context, who actor.Actor, id string) (Account, error) {
	var out Account
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE accounts SET disabled_at = NULL, updated_at = $2 WHERE id = $1`, id, s.now())
		if pg.IsCode(err, pg.InvalidTextRepr, "") || (err == nil && tag.RowsAffected() == 0) {
			return errs.New(errs.NotFound, "账号不存在")
		}
		if err != nil {
			return err
		}
		if err := s.accountEvent(ctx, tx, id, "ENABLED", who, "", nil); err != nil {
			return err
		}
		out, err = getAccount(ctx, tx, "a.id = $1", id)
		return err
	})
	return out, err
}

// StaffChange is what an administrator may change of a staff account;
// Fields names which (FieldDisplayName, FieldRole, FieldAgencies).
type StaffChange struct {
	DisplayName string
	Role        actor.Role
	Agencies    []string
	Fields      []string
}

// The fields of a StaffChange.
const (
	FieldDisplayName = "display_name"
	FieldRole        = "role"
	FieldAgencies    = "agency_ids"
)

// UpdateStaff changes the named fields of a staff account: its name, its
// role (one staff role for another) and its agencies. Administrators only;
// the account's sessions end, so the change applies at once.
func (s *Service) UpdateStaff(ctx context.Context, who actor.Actor, id string, ch StaffChange) (Account, error) {
	defer s.sessionsChanged()
	var out Account
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		acc, err := getAccount(ctx, tx, "a.id = $1", id)
		if err != nil {
			return err
		}
		if !acc.Role.Staff() {
			return errs.New(errs.FailedPrecondition, "只能修改工作人员的账号")
		}
		var c errs.Collector
		next := acc
		for _, f := range ch.Fields {
			switch f {
			case FieldDisplayName:
				next.DisplayName = strings.TrimSpace(ch.DisplayName)
				if n := len([]rune(next.DisplayName)); n == 0 || n > 50 {
					c.Add("account.displayName", "姓名须为 1 至 50 个字")
				}
			case FieldRole:
				if next.Role = ch.Role; !ch.Role.Staff() {
					c.Add("account.role", "须为窗口工作人员、承办人、法律顾问或负责人")
				}
			case FieldAgencies:
				if next.Agencies = slices.Compact(slices.Sorted(slices.Values(ch.Agencies))); len(next.Agencies) == 0 {
					c.Add("account.agencyIds", "工作人员至少属于一个机关")
				}
			default:
				c.Add("updateMask", "没有可修改的字段 "+f)
			}
		}
		if err := c.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE accounts SET display_name = $2, role = $3, updated_at = $4 WHERE id = $1`,
			id, next.DisplayName, next.Role, s.now()); err != nil {
			return err
		}
		if slices.Contains(ch.Fields, FieldAgencies) {
			if _, err := tx.Exec(ctx, `DELETE FROM account_agencies WHERE account_id = $1`, id); err != nil {
				return err
			}
			for _, ag := range next.Agencies {
				_, err := tx.Exec(ctx, `INSERT INTO account_agencies (account_id, agency_id) VALUES ($1, $2)`, id, ag)
				if pg.IsCode(err, pg.ForeignKeyViolation, "") || pg.IsCode(err, pg.InvalidTextRepr, "") {
					return errs.Field("account.agencyIds", "机关 "+ag+" 不存在")
				}
				if err != nil {
					return err
				}
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`, id, s.now()); err != nil {
			return err
		}
		before := map[string]any{"displayName": acc.DisplayName, "role": acc.Role, "agencyIds": acc.Agencies}
		after := map[string]any{"displayName": next.DisplayName, "role": next.Role, "agencyIds": next.Agencies}
		if err := s.accountEvent(ctx, tx, id, "UPDATED", who, "", map[string]any{"before": before, "after": after}); err != nil {
			return err
		}
		out, err = getAccount(ctx, tx, "a.id = $1", id)
		return err
	})
	return out, err
}

// Contact is what applicants keep of their own account; Fields names which
// of ContactPerson, Phone, Email and Address change (FieldContactPerson …).
type Contact struct {
	ContactPerson, Phone, Email, Address string
	Fields                               []string
}

// The fields of a Contact.
const (
	FieldContactPerson = "contact_person"
	FieldPhone         = "phone"
	FieldEmail         = "email"
	FieldAddress       = "address"
)

// UpdateContact changes the named contact details of the caller's own
// applicant account, checked as on an application. The identity document
// is not among them: a clerk changes it on proof (ChangeIdentity).
func (s *Service) UpdateContact(ctx context.Context, who actor.Actor, ch Contact) (Account, error) {
	var out Account
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		acc, err := getAccount(ctx, tx, "a.id = $1", who.AccountID)
		if err != nil {
			return err
		}
		if acc.Role != actor.Applicant {
			return errs.New(errs.FailedPrecondition, "只有申请人账号保存联系方式")
		}
		next := acc.Identity
		var c errs.Collector
		for _, f := range ch.Fields {
			switch f {
			case FieldContactPerson:
				next.ContactPerson = ch.ContactPerson
			case FieldPhone:
				next.Phone = ch.Phone
			case FieldEmail:
				next.Email = ch.Email
			case FieldAddress:
				next.Address = ch.Address
			default:
				c.Add("updateMask", "没有可修改的字段 "+f)
			}
		}
		c.Merge("contact", next.Normalise(clock.DateOf(s.now())))
		if err := c.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE accounts SET contact_person = $2, phone = $3, email = $4, address = $5, updated_at = $6 WHERE id = $1`,
			acc.ID, next.ContactPerson, next.Phone, next.Email, next.Address, s.now()); err != nil {
			return err
		}
		if err := s.accountEvent(ctx, tx, acc.ID, "CONTACT_CHANGED", who, "", map[string]any{"fields": ch.Fields}); err != nil {
			return err
		}
		out, err = getAccount(ctx, tx, "a.id = $1", acc.ID)
		return err
	})
	return out, err
}

// ChangeIdentity changes an applicant account's identity (name, document)
// at the window, on proof the clerk has seen and describes. The new
// document must not have an account of its own.
func (s *Service) ChangeIdentity(ctx context.Context, who actor.Actor, id string, identity applicant.Identity, proof string) (Account, error) {
	defer s.sessionsChanged()
	var c errs.Collector
	proof = strings.TrimSpace(proof)
	if proof == "" {
		c.Add("proof", "须写明核验的证明材料")
	}
	c.MaxLength("proof", proof, 500)
	var out Account
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		acc, err := getAccount(ctx, tx, "a.id = $1", id)
		if err != nil {
			return err
		}
		if acc.Role != actor.Applicant {
			return errs.New(errs.NotFound, "账号不存在")
		}
		// Contacts stay as the applicant keeps them.
		identity.ContactPerson, identity.Phone, identity.Email, identity.Address =
			acc.Identity.ContactPerson, acc.Identity.Phone, acc.Identity.Email, acc.Identity.Address
		c.Merge("identity", identity.Normalise(clock.DateOf(s.now())))
		if err := c.Err(); err != nil {
			return err
		}
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM accounts WHERE role = 'APPLICANT' AND id_type = $1 AND id_number = $2 AND id <> $3)`,
			identity.IDType, identity.IDNumber, id).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return errDocumentTaken
		}
		if _, err := tx.Exec(ctx, `UPDATE accounts SET display_name = $2, applicant_type = $3, id_type = $4, id_number = $5, updated_at = $6 WHERE id = $1`,
			id, identity.Name, identity.Type, identity.IDType, identity.IDNumber, s.now()); err != nil {
			return err
		}
		before := map[string]any{"name": acc.Identity.Name, "type": acc.Identity.Type, "idType": acc.Identity.IDType}
		if err := s.accountEvent(ctx, tx, id, "IDENTITY_CHANGED", who, proof, map[string]any{"before": before}); err != nil {
			return err
		}
		out, err = getAccount(ctx, tx, "a.id = $1", id)
		return err
	})
	return out, err
}

// accountEvent appends what was done to an account, and by whom.
func (s *Service) accountEvent(ctx context.Context, tx pgx.Tx, id, kind string, who actor.Actor, reason string, data any) error {
	body := []byte("{}")
	if data != nil {
		var err error
		if body, err = json.Marshal(data); err != nil {
			return fmt.Errorf("account event: %w", err)
		}
	}
	var by *string
	if who.AccountID != "" {
		by = &who.AccountID
	}
	_, err := tx.Exec(ctx, `INSERT INTO account_events (account_id, kind, actor_id, at, reason, data) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, kind, by, s.now(), reason, string(body))
	return err
}

// FindApplicant finds an applicant's account by the login they registered
// with, for the window: the clerk then compares the person's documents
// with the account before changing its identity.
func (s *Service) FindApplicant(ctx context.Context, login string) (Account, error) {
	_, norm, ok := parseLogin(login)
	if !ok {
		return Account{}, errs.Field("login", "请填写申请人注册时使用的手机号或电子邮箱")
	}
	acc, err := getAccount(ctx, s.db, "a.login = $1", norm)
	if errors.Is(err, errs.NotFound) || (err == nil && acc.Role != actor.Applicant) {
		return Account{}, errs.New(errs.NotFound, "没有以此登录名注册的申请人账号")
	}
	return acc, err
}
