package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	foiv1 "foi/gen/foi/v1"
)

// base is what the layout needs on every page; every view embeds it.
type base struct {
	Title string
	CSRF  string
	Large bool
	Flash string
	Path  string
	Me    *meView
	Nav   []link
	Wide  bool // a staff page, laid out for a desktop
}

func (b *base) common() *base { return b }

type view interface{ common() *base }

// meView is the signed-in account as the header shows it.
type meView struct {
	Name     string
	RoleName string
}

// link is a navigation entry.
type link struct {
	Href    string
	Text    string
	Current bool
	Badge   bool // something waits there
}

// parsePages parses each page template with the layout and the shared
// parts; a page is rendered by executing "layout".
func parsePages() map[string]*template.Template {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || name == "parts" {
			continue
		}
		t := template.New(name).Funcs(template.FuncMap{"anchor": anchor, "inc": func(i int) int { return i + 1 }})
		out[name] = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/parts.html", n))
	}
	return out
}

// render writes the page name with v, filling the layout's common part.
func (q *req) render(name string, v view) {
	b := v.common()
	b.CSRF, b.Large, b.Flash, b.Path = q.csrfToken(), q.large, q.flash, q.r.URL.Path
	if q.me != nil {
		b.Me = &meView{Name: q.me.GetDisplayName(), RoleName: roleLabel(q.me.GetRole())}
		b.Nav = navFor(q.me.GetRole(), q.r.URL.Path, q.unread())
		b.Wide = q.me.GetRole() != foiv1.Role_ROLE_APPLICANT
	}
	var buf bytes.Buffer
	if err := q.s.pages[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		q.s.log.ErrorContext(q.r.Context(), "render page", "page", name, "err", err)
		http.Error(q.w, "页面生成失败", http.StatusInternalServerError)
		return
	}
	q.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	q.w.Header().Set("Cache-Control", "no-store")
	q.w.Write(buf.Bytes())
}

// navFor lists the pages a role works from. It is a convenience only:
// each page's data comes from the API, which decides what the caller may
// see.
func navFor(r foiv1.Role, current string, unread int32) []link {
	var l []link
	switch r {
	case foiv1.Role_ROLE_APPLICANT:
		l = []link{{Href: "/my", Text: "我的申请"}, {Href: "/apply", Text: "在线申请"}, {Href: "/my/corrections", Text: "更正申请"}, {Href: "/account", Text: "我的账户"}}
	case foiv1.Role_ROLE_CLERK:
		l = []link{{Href: "/desk", Text: "待确认的网上申请"}, {Href: "/desk/register", Text: "登记申请"}, {Href: "/desk/accounts", Text: "申请人账号"}, {Href: "/cases", Text: "案件"}, {Href: "/corrections", Text: "更正申请"}}
	case foiv1.Role_ROLE_OFFICER:
		l = []link{{Href: "/work", Text: "工作清单"}, {Href: "/cases", Text: "案件"}, {Href: "/corrections", Text: "更正申请"}, {Href: "/reports", Text: "年度报告"}, {Href: "/analysis", Text: "分析研判"}}
	case foiv1.Role_ROLE_LEGAL_ADVISER:
		l = []link{{Href: "/reviews", Text: "待审核答复稿"}}
	case foiv1.Role_ROLE_HEAD:
		l = []link{{Href: "/signoff", Text: "待签发"}, {Href: "/work", Text: "工作清单"}, {Href: "/cases", Text: "案件"}, {Href: "/corrections", Text: "更正申请"}, {Href: "/reports", Text: "年度报告"}, {Href: "/analysis", Text: "分析研判"}}
	case foiv1.Role_ROLE_ADMIN:
		l = []link{{Href: "/admin/accounts", Text: "账户"}, {Href: "/admin/agencies", Text: "机关"}, {Href: "/admin/calendars", Text: "节假日"}, {Href: "/admin/legal-bases", Text: "法律依据"}, {Href: "/cases", Text: "案件"}, {Href: "/reports", Text: "年度报告"}, {Href: "/analysis", Text: "分析研判"}}
	}
	if r != foiv1.Role_ROLE_APPLICANT {
		in := link{Href: "/inbox", Text: "收件箱"}
		if unread > 0 {
			in.Text, in.Badge = fmt.Sprintf("收件箱（%d 条未读）", unread), true
		}
		l = append(l, in)
	}
	l = append(l, link{Href: "/account/password", Text: "修改密码"})
	for i := range l {
		l[i].Current = l[i].Href == current
	}
	return l
}

// form is a submitted (or prefilled) form: its values by field path and
// the problems the API found.
type form struct {
	Values map[string]string
	Errors *formErrors
	// Prefix keeps the ids of one form's inputs apart from another's on
	// the same page.
	Prefix string
}

func newForm() form { return form{Values: map[string]string{}, Errors: &formErrors{}} }

// formFrom reads the posted values of the named fields.
func (q *req) formFrom(names ...string) form {
	f := newForm()
	for _, n := range names {
		f.Values[n] = strings.TrimSpace(q.r.PostFormValue(n))
	}
	return f
}

func (f form) get(name string) string { return f.Values[name] }

// prefixed returns f with its input ids, and the error summary's links
// to them, under prefix.
func (f form) prefixed(prefix string) form {
	f.Prefix = prefix
	if f.Errors != nil {
		e := &formErrors{byField: f.Errors.byField}
		for _, it := range f.Errors.Items {
			if it.Anchor != "" {
				it.Anchor = prefix + it.Anchor
			}
			e.Items = append(e.Items, it)
		}
		f.Errors = e
	}
	return f
}

// fieldView is one input as the "text" and "textarea" parts render it.
type fieldView struct {
	Name, ID, Label, Hint, Value, Error, Type, Auto string
}

// Field returns the view of the text field name.
func (f form) Field(name, label, hint string) fieldView {
	return fieldView{Name: name, ID: f.Prefix + anchor(name), Label: label, Hint: hint, Value: f.Values[name], Error: f.Errors.For(name), Type: "text"}
}

// Secret returns the view of a password field (never refilled).
func (f form) Secret(name, label, hint, auto string) fieldView {
	v := f.Field(name, label, hint)
	v.Type, v.Value, v.Auto = "password", "", auto
	return v
}

// Date returns the view of a date field.
func (f form) Date(name, label, hint string) fieldView {
	v := f.Field(name, label, hint)
	v.Type = "date"
	return v
}

// option is one choice of a radio group or select.
type option struct {
	Value, Label string
}

// choiceView is a radio group or select.
type choiceView struct {
	fieldView
	Options []optionView
}

type optionView struct {
	Value, Label, ID string
	Checked          bool
}

// Choice returns the view of the radio group or select name.
func (f form) Choice(name, label, hint string, opts []option) choiceView {
	c := choiceView{fieldView: f.Field(name, label, hint)}
	for i, o := range opts {
		id := c.ID
		if i > 0 {
			id = c.ID + "-" + o.Value
		}
		c.Options = append(c.Options, optionView{Value: o.Value, Label: o.Label, ID: id, Checked: f.Values[name] == o.Value})
	}
	return c
}
