package notice

import (
	"html/template"
	"regexp"
	"text/template/parse"
)

// forbidden is markup an override may not contain. A stored notice is
// opened in the browsers of staff and applicants and printed years later,
// so it must neither run code nor depend on anything outside itself. The
// check is on the template text: data cannot add markup, html/template
// escapes it.
var forbidden = []struct {
	re  *regexp.Regexp
	why string
}{
	{regexp.MustCompile(`(?i)<\s*script\b`), "不得包含脚本（<script>）"},
	{regexp.MustCompile(`(?i)<\s*(iframe|frame|object|embed|applet|link|base|meta\s+http-equiv)\b`), "不得嵌入其他页面或引用外部资源（iframe、object、embed、link、base 等）"},
	{regexp.MustCompile(`(?i)\son[a-z]+\s*=`), "不得包含事件处理属性（如 onclick、onload）"},
	{regexp.MustCompile(`(?i)javascript\s*:`), "不得包含 javascript: 链接"},
	{regexp.MustCompile(`(?i)\b(src|srcset|poster|background)\s*=\s*["']?\s*(https?:)?//`), "不得引用外部图片或其他外部资源，图片请使用 data: 地址内嵌"},
	{regexp.MustCompile(`(?i)(url\(\s*["']?\s*(https?:)?//|@import)`), "的样式不得引用外部资源（url(http…)、@import）"},
}

// unsafeMarkup returns why body is refused, in Chinese, or "".
func unsafeMarkup(body string) string {
	for _, f := range forbidden {
		if f.re.MatchString(body) {
			return f.why
		}
	}
	return ""
}

// countedLoop returns where the first {{range N}} over a number written in
// the template is ("自定义模板:2:24"), or "". Such a loop runs N times
// whatever the data, and one that writes nothing is not stopped by the
// output limit, so a typo like {{range 1000000000}} would hang Validate;
// loops over data are bounded by the data.
func countedLoop(t *template.Template) string {
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		if n := findCountedLoop(tt.Tree.Root); n != nil {
			at, _ := tt.Tree.ErrorContext(n)
			return at
		}
	}
	return ""
}

func findCountedLoop(n parse.Node) parse.Node {
	var branch *parse.BranchNode
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if found := findCountedLoop(c); found != nil {
				return found
			}
		}
		return nil
	case *parse.RangeNode:
		if cmds := n.Pipe.Cmds; len(cmds) == 1 && len(cmds[0].Args) == 1 {
			if _, ok := cmds[0].Args[0].(*parse.NumberNode); ok {
				return n
			}
		}
		branch = &n.BranchNode
	case *parse.IfNode:
		branch = &n.BranchNode
	case *parse.WithNode:
		branch = &n.BranchNode
	default:
		return nil
	}
	if found := findCountedLoop(branch.List); found != nil {
		return found
	}
	if branch.ElseList == nil {
		return nil
	}
	return findCountedLoop(branch.ElseList)
}
