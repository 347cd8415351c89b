package auth

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/errs"
)

func TestRegisterApplicant(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name, login string
		identity    applicant.Identity
		want        Account
	}{
		{
			name:  "person by phone",
			login: "+86 138 0013 8000",
			identity: applicant.Identity{Type: applicant.NaturalPerson, Name: " 张三 ", IDType: applicant.ResidentIDCard,
				IDNumber: "11010519491231002x", Address: "北京市朝阳区建国路1号"},
			want: Account{Login: "13800138000", Role: actor.Applicant, DisplayName: "张三",
				Identity: applicant.Identity{Type: applicant.NaturalPerson, Name: "张三", IDType: applicant.ResidentIDCard,
					IDNumber: "11010519491231002X", Phone: "13800138000", Address: "北京市朝阳区建国路1号"},
				CreatedAt: t0},
		},
		{
			name:  "organisation by e-mail",
			login: "Info@Example.COM",
			identity: applicant.Identity{Type: applicant.CommercialEnterprise, Name: "示例科技有限公司", IDType: applicant.CreditCode,
				IDNumber: "91350100M000100Y43", ContactPerson: "李四", Phone: "(010) 6234 5678"},
			want: Account{Login: "info@example.com", Role: actor.Applicant, DisplayName: "示例科技有限公司",
				Identity: applicant.Identity{Type: applicant.CommercialEnterprise, Name: "示例科技有限公司", IDType: applicant.CreditCode,
					IDNumber: "91350100M000100Y43", ContactPerson: "李四", Phone: "010-62345678", Email: "info@example.com"},
				CreatedAt: t0},
		},
		{
			name:  "own contacts kept",
			login: "wang@example.com",
			identity: applicant.Identity{Type: applicant.NaturalPerson, Name: "王五", IDType: applicant.ResidentIDCard,
				IDNumber: "110105194912310070", Phone: "13912345678", Email: "wu@example.org"},
			want: Account{Login: "wang@example.com", Role: actor.Applicant, DisplayName: "王五",
				Identity: applicant.Identity{Type: applicant.NaturalPerson, Name: "王五", IDType: applicant.ResidentIDCard,
					IDNumber: "110105194912310070", Phone: "13912345678", Email: "wu@example.org"},
				CreatedAt: t0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.s.RegisterApplicant(f.ctx, tt.login, "a good password", tt.identity, "192.0.2.1")
			if err != nil {
				t.Fatalf("RegisterApplicant: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, accountOpts); diff != "" {
				t.Errorf("account mismatch (-want +got):\n%s", diff)
			}
			stored, err := f.s.Account(f.ctx, got.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, stored, accountOpts); diff != "" {
				t.Errorf("stored account mismatch (-want +got):\n%s", diff)
			}
			if _, _, err := f.s.SignIn(f.ctx, tt.login, "a good password", "192.0.2.1"); err != nil {
				t.Errorf("the new applicant cannot sign in: %v", err)
			}
		})
	}
}

func TestRegisterApplicantDuplicate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.applicant("13800138000", "a good password")
	f.applicant("zhang@example.com", "a good password")
	for _, login := range []string{"13800138000", "+86 138 0013 8000", "ZHANG@example.com"} {
		t.Run(login, func(t *testing.T) {
			_, err := f.s.RegisterApplicant(f.ctx, login, "another password", person("李四"), "192.0.2.1")
			wantCategory(t, err, errs.AlreadyExists)
		})
	}
	// The same identity document under another login: one document, one
	// account, and the answer points to password recovery.
	first := person("王五")
	if _, err := f.s.RegisterApplicant(f.ctx, "13700137000", "a good password", first, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	again := first
	again.Name, again.Phone = "王五", ""
	_, err := f.s.RegisterApplicant(f.ctx, "wangwu@example.com", "a good password", again, "192.0.2.1")
	wantCategory(t, err, errs.AlreadyExists)
	if msg, _ := errs.UserText(err); !strings.Contains(msg, "重置密码") {
		t.Errorf("the refusal %q does not point to password recovery", msg)
	}
	if n := f.count(`SELECT count(*) FROM accounts`); n != 3 {
		t.Errorf("%d accounts after duplicates, want 3", n)
	}
}

func TestRegisterApplicantInvalid(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	withPhone := func(a applicant.Identity) applicant.Identity { a.Phone = "13912345678"; return a }
	badID := person("张三")
	badID.IDNumber = "110105194912310021" // wrong check digit
	orgWithID := applicant.Identity{Type: applicant.OtherOrganization, Name: "某协会", IDType: applicant.ResidentIDCard,
		IDNumber: "11010519491231002X"}
	tests := []struct {
		name, login, password string
		identity              applicant.Identity
		want                  []string
	}{
		{"username login", "zhangsan", "a good password", withPhone(person("张三")), []string{"login"}},
		{"empty login", "", "a good password", withPhone(person("张三")), []string{"login"}},
		{"foreign phone", "+1 650 253 0000", "a good password", withPhone(person("张三")), []string{"login"}},
		{"short password", "13800138001", "short", person("张三"), []string{"password"}},
		{"password is phone", "+86 138 0013 8001", "13800138001", person("张三"), []string{"password"}},
		{"repeated password", "13800138001", "xxxxxxxxxxxx", person("张三"), []string{"password"}},
		{"bad id number", "13800138001", "a good password", badID, []string{"identity.idNumber"}},
		{"org with resident id", "13800138001", "a good password", orgWithID, []string{"identity.idType"}},
		{"blank name", "13800138001", "a good password", person("   "), []string{"identity.name"}},
		{
			"all wrong", "zhang san", "short", applicant.Identity{},
			[]string{"login", "password", "identity.type", "identity.name", "identity.idType", "identity.phone"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.s.RegisterApplicant(f.ctx, tt.login, tt.password, tt.identity, "192.0.2.1")
			wantFields(t, err, tt.want...)
		})
	}
	if n := f.count(`SELECT count(*) FROM accounts`); n != 0 {
		t.Errorf("%d accounts written by invalid registrations", n)
	}
}

func TestCreateAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a1, a2 := f.agency("AONE"), f.agency("ATWO")
	tests := []struct {
		name     string
		login    string
		role     actor.Role
		agencies []string
		want     Account
	}{
		{"clerk", "Clerk.Wang", actor.Clerk, []string{a1},
			Account{Login: "clerk.wang", Role: actor.Clerk, DisplayName: "王窗口", Agencies: []string{a1}}},
		{"adviser of two", "adviser", actor.LegalAdviser, []string{a2, a1, a2},
			Account{Login: "adviser", Role: actor.LegalAdviser, DisplayName: "王窗口", Agencies: sorted(a1, a2)}},
		{"head", "head-1", actor.Head, []string{a2},
			Account{Login: "head-1", Role: actor.Head, DisplayName: "王窗口", Agencies: []string{a2}}},
		{"admin", "root", actor.Admin, nil,
			Account{Login: "root", Role: actor.Admin, DisplayName: "王窗口"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.s.CreateAccount(f.ctx, tt.login, "initial password", tt.role, " 王窗口 ", tt.agencies)
			if err != nil {
				t.Fatalf("CreateAccount: %v", err)
			}
			want := tt.want
			want.Identity = applicant.Identity{Name: want.DisplayName}
			want.MustChangePassword = true
			want.CreatedAt = t0
			if diff := cmp.Diff(want, got, accountOpts); diff != "" {
				t.Errorf("account mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreateAccountInvalid(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ag := f.agency("AONE")
	f.staff("taken", "initial password", actor.Officer, ag)
	tests := []struct {
		name     string
		login    string
		password string
		role     actor.Role
		dname    string
		agencies []string
		want     []string
	}{
		{"staff without agency", "officer2", "initial password", actor.Officer, "李承办", nil, []string{"agencyIds"}},
		{"admin with agency", "admin2", "initial password", actor.Admin, "管理员", []string{ag}, []string{"agencyIds"}},
		{"applicant", "someone", "initial password", actor.Applicant, "张三", nil, []string{"role"}},
		{"system", "someone", "initial password", actor.System, "系统", nil, []string{"role"}},
		{"no role", "someone", "initial password", "", "张三", []string{ag}, []string{"role"}},
		{"unknown agency", "officer2", "initial password", actor.Officer, "李承办",
			[]string{ag, "7d0b8b9e-95a2-4a5c-9c57-1d1d8f7b8a10"}, []string{"agencyIds"}},
		{"malformed agency", "officer2", "initial password", actor.Officer, "李承办", []string{"AONE"}, []string{"agencyIds"}},
		{"phone login", "13800138000", "initial password", actor.Clerk, "王窗口", []string{ag}, []string{"login"}},
		{"email login", "clerk@example.com", "initial password", actor.Clerk, "王窗口", []string{ag}, []string{"login"}},
		{"short password", "officer2", "initial", actor.Officer, "李承办", []string{ag}, []string{"password"}},
		{"password is login", "officer2345", "OFFICER2345", actor.Officer, "李承办", []string{ag}, []string{"password"}},
		{"no name", "officer2", "initial password", actor.Officer, "  ", []string{ag}, []string{"displayName"}},
		{"long name", "officer2", "initial password", actor.Officer, strings.Repeat("名", 51), []string{ag}, []string{"displayName"}},
		{"all wrong", "", "", actor.Applicant, "", nil, []string{"login", "password", "role", "displayName"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.s.CreateAccount(f.ctx, tt.login, tt.password, tt.role, tt.dname, tt.agencies)
			wantFields(t, err, tt.want...)
		})
	}
	t.Run("duplicate", func(t *testing.T) {
		_, err := f.s.CreateAccount(f.ctx, "TAKEN", "initial password", actor.Clerk, "王窗口", []string{ag})
		wantCategory(t, err, errs.AlreadyExists)
	})
	if n := f.count(`SELECT count(*) FROM accounts`); n != 1 {
		t.Errorf("%d accounts after refused creations, want 1", n)
	}
	if n := f.count(`SELECT count(*) FROM account_agencies`); n != 1 {
		t.Errorf("%d agency memberships after refused creations, want 1", n)
	}
}

func TestListAccounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a1, a2 := f.agency("AONE"), f.agency("ATWO")
	f.staff("clerk-a", "initial password", actor.Clerk, a1)
	f.staff("clerk-b", "initial password", actor.Clerk, a2)
	f.staff("officer-a", "initial password", actor.Officer, a1, a2)
	f.staff("root", "initial password", actor.Admin)
	f.applicant("13800138000", "a good password")
	logins := func(list []Account) []string {
		var out []string
		for _, a := range list {
			out = append(out, a.Login)
		}
		return out
	}
	tests := []struct {
		name   string
		filter AccountFilter
		want   []string
	}{
		{"all", AccountFilter{}, []string{"13800138000", "clerk-a", "clerk-b", "officer-a", "root"}},
		{"clerks", AccountFilter{Role: actor.Clerk}, []string{"clerk-a", "clerk-b"}},
		{"agency one", AccountFilter{AgencyID: a1}, []string{"clerk-a", "officer-a"}},
		{"clerks of two", AccountFilter{Role: actor.Clerk, AgencyID: a2}, []string{"clerk-b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, next, err := f.s.ListAccounts(f.ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if next != "" {
				t.Errorf("next page token %q, want none", next)
			}
			if diff := cmp.Diff(tt.want, logins(got)); diff != "" {
				t.Errorf("logins mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("pages", func(t *testing.T) {
		var all []string
		token := ""
		for range 10 {
			list, next, err := f.s.ListAccounts(f.ctx, AccountFilter{PageSize: 2, PageToken: token})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) > 2 {
				t.Errorf("page of %d accounts, want at most 2", len(list))
			}
			all = append(all, logins(list)...)
			if token = next; token == "" {
				break
			}
		}
		want := []string{"13800138000", "clerk-a", "clerk-b", "officer-a", "root"}
		if diff := cmp.Diff(want, all); diff != "" {
			t.Errorf("paged logins mismatch (-want +got):\n%s", diff)
		}
	})
}

var passwordLine = regexp.MustCompile(`(?m)^\s*password:\s*(\S+)\s*$`)

func TestEnsureAdmin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var out bytes.Buffer
	if err := f.s.EnsureAdmin(f.ctx, &out); err != nil {
		t.Fatalf("EnsureAdmin: %v", err)
	}
	m := passwordLine.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("EnsureAdmin wrote no password line:\n%s", out.String())
	}
	password := m[1]
	if len(password) < MinPasswordLength {
		t.Errorf("one-time password %q is shorter than %d", password, MinPasswordLength)
	}
	if !strings.Contains(out.String(), "login:    admin") {
		t.Errorf("EnsureAdmin output does not name the login:\n%s", out.String())
	}
	tok, acc, err := f.s.SignIn(f.ctx, "admin", password, "127.0.0.1")
	if err != nil {
		t.Fatalf("sign in with the one-time password: %v", err)
	}
	want := Account{Login: "admin", Role: actor.Admin, DisplayName: "系统管理员",
		Identity: applicant.Identity{Name: "系统管理员"}, MustChangePassword: true, CreatedAt: t0}
	if diff := cmp.Diff(want, acc, accountOpts); diff != "" {
		t.Errorf("admin account mismatch (-want +got):\n%s", diff)
	}
	if _, mustChange, err := f.s.Authenticate(f.ctx, tok.Access); err != nil || !mustChange {
		t.Errorf("Authenticate = must change %v, %v; want true, nil", mustChange, err)
	}

	var again bytes.Buffer
	if err := f.s.EnsureAdmin(f.ctx, &again); err != nil {
		t.Fatalf("second EnsureAdmin: %v", err)
	}
	if again.Len() != 0 {
		t.Errorf("second EnsureAdmin wrote %q, want nothing", again.String())
	}
	if n := f.count(`SELECT count(*) FROM accounts WHERE role = 'ADMIN'`); n != 1 {
		t.Errorf("%d administrators, want 1", n)
	}
}

func TestEnsureAdminOtherAdmin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.staff("root", "initial password", actor.Admin)
	var out bytes.Buffer
	if err := f.s.EnsureAdmin(f.ctx, &out); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("EnsureAdmin with an administrator present wrote %q", out.String())
	}
	if n := f.count(`SELECT count(*) FROM accounts WHERE login = 'admin'`); n != 0 {
		t.Errorf("EnsureAdmin created admin although root exists")
	}
}

func TestResetAdmin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var out bytes.Buffer
	if err := f.s.EnsureAdmin(f.ctx, &out); err != nil {
		t.Fatal(err)
	}
	first := passwordLine.FindStringSubmatch(out.String())[1]
	old := f.signIn("admin", first)
	acc, err := f.s.Account(f.ctx, old.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	// Even a disabled administrator is brought back: it is the way in.
	if _, err := f.db.Exec(f.ctx, `UPDATE accounts SET disabled_at = $2, must_change_password = false WHERE id = $1`,
		acc.ID, t0); err != nil {
		t.Fatal(err)
	}

	next, err := f.s.ResetAdmin(f.ctx, " Admin ")
	if err != nil {
		t.Fatalf("ResetAdmin: %v", err)
	}
	if next == first {
		t.Fatal("ResetAdmin returned the old password")
	}
	_, _, err = f.s.SignIn(f.ctx, "admin", first, "127.0.0.1")
	wantCategory(t, err, errs.Unauthenticated)
	if _, _, err := f.s.Authenticate(f.ctx, old.Access); err == nil {
		t.Error("a session from before the reset still authenticates")
	}
	tok, got, err := f.s.SignIn(f.ctx, "admin", next, "127.0.0.1")
	if err != nil {
		t.Fatalf("sign in with the reset password: %v", err)
	}
	if got.ID != acc.ID || !got.MustChangePassword || got.Disabled {
		t.Errorf("after reset: id %s (want %s), must change %v (want true), disabled %v (want false)",
			got.ID, acc.ID, got.MustChangePassword, got.Disabled)
	}
	if a := f.actor(tok); a.Role != actor.Admin {
		t.Errorf("role %s after reset, want ADMIN", a.Role)
	}
}

func TestResetAdminCases(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ag := f.agency("AONE")
	f.staff("clerk", "initial password", actor.Clerk, ag)
	t.Run("creates", func(t *testing.T) {
		pw, err := f.s.ResetAdmin(f.ctx, "ops")
		if err != nil {
			t.Fatal(err)
		}
		_, acc, err := f.s.SignIn(f.ctx, "ops", pw, "127.0.0.1")
		if err != nil {
			t.Fatalf("sign in as the created administrator: %v", err)
		}
		if acc.Role != actor.Admin || !acc.MustChangePassword {
			t.Errorf("created role %s, must change %v; want ADMIN, true", acc.Role, acc.MustChangePassword)
		}
	})
	t.Run("not an admin", func(t *testing.T) {
		_, err := f.s.ResetAdmin(f.ctx, "clerk")
		wantCategory(t, err, errs.FailedPrecondition)
		if _, _, err := f.s.SignIn(f.ctx, "clerk", "initial password", "127.0.0.1"); err != nil {
			t.Errorf("the clerk's password changed: %v", err)
		}
	})
	t.Run("not a user name", func(t *testing.T) {
		_, err := f.s.ResetAdmin(f.ctx, "13800138000")
		wantFields(t, err, "login")
	})
}

// TestRegistrationIsThrottledPerAddress: the twenty-first registration from
// one address in a day is refused (before any password is hashed); another
// address is not affected.
func TestRegistrationIsThrottledPerAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for i := range registerThreshold {
		login := fmt.Sprintf("1380000%04d", i)
		if _, err := f.s.RegisterApplicant(f.ctx, login, "a-long-password-1", person("申请人"), "198.51.100.7"); err != nil && !errors.Is(err, errs.InvalidArgument) {
			t.Fatalf("registration %d: %v", i, err)
		}
	}
	_, err := f.s.RegisterApplicant(f.ctx, "13900009999", "a-long-password-1", person("申请人"), "198.51.100.7")
	wantCategory(t, err, errs.ResourceExhausted)
	if _, err := f.s.RegisterApplicant(f.ctx, "13900009999", "a-long-password-1", person("申请人"), "198.51.100.8"); err != nil {
		t.Errorf("another address: %v", err)
	}
}
