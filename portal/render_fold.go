package portal

import (
	"html/template"
	"io"
	"strings"
	"sync"
	"text/template/parse"

	"partnerdesk/domain/company"
)

// foldTexts writes the output of every action that prints a constant string
// (the page texts bakeTexts wrote in) into the template as plain text, as
// html/template would have escaped it there: executing such an action cost
// a pipeline and a reflective call of the escaper on every render, and a
// page has dozens. It first has html/template escape the templates (which it
// does before the first execution, whatever the data), so that each action
// carries the escaper of its context; only the escapers of HTML text,
// attribute values and RCDATA (title, textarea), which all escape a plain
// string with the same table, are folded. It returns how many actions it
// folded.
//
// consts are functions without arguments whose HTML is the same on every
// render of t (rendered when it loads); their calls in HTML text are folded
// too.
func foldTexts(t *template.Template, consts map[string]template.HTML) int {
	// Escapes everything "layout" reaches; data without fields stops the run
	// at its first action, before any function (t would log a text missing).
	t.ExecuteTemplate(io.Discard, "layout", struct{}{})
	folded := 0
	eachList(t, func(l *parse.ListNode) {
		for i, n := range l.Nodes {
			a, ok := n.(*parse.ActionNode)
			if !ok {
				continue
			}
			if text, ok := constantText(a.Pipe, consts); ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: a.Pos, Text: []byte(text)}
				folded++
			}
		}
	})
	return folded
}

// textEscapers are html/template's escapers that write a plain string with
// htmlText (html/template's htmlReplacementTable).
var textEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
}

// htmlText escapes as html/template does in HTML text and quoted attributes.
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// urlEscapers are html/template's escapers of a URL in an attribute
// (href="{{...}}", src="{{...}}"): they leave a path of plainURL's
// characters as it is (no scheme to filter, nothing to percent-encode or
// to escape for the attribute).
var urlEscapers = map[string]bool{
	"_html_template_urlfilter":     true,
	"_html_template_urlnormalizer": true,
	"_html_template_attrescaper":   true,
}

// plainURL: a site path of letters, digits and / . _ - ? = (the assets'
// URLs, "/static/app.css?v=1a2b3c").
func plainURL(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-?=", r)) {
			return false
		}
	}
	return true
}

// constantText is what a pipeline {{"text" | escaper ...}} prints, when it
// is one string constant and either one of textEscapers, or a plain URL and
// only urlEscapers; or what {{f}} prints for a function f of consts in HTML
// text.
func constantText(p *parse.PipeNode, consts map[string]template.HTML) (string, bool) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) < 2 || len(p.Cmds[0].Args) != 1 {
		return "", false
	}
	if fn, ok := p.Cmds[0].Args[0].(*parse.IdentifierNode); ok {
		html, isConst := consts[fn.Ident]
		if !isConst || len(p.Cmds) != 2 || len(p.Cmds[1].Args) != 1 {
			return "", false
		}
		// HTML in HTML text: the escaper passes it as it is.
		esc, ok := p.Cmds[1].Args[0].(*parse.IdentifierNode)
		return string(html), ok && esc.Ident == "_html_template_htmlescaper"
	}
	lit, ok := p.Cmds[0].Args[0].(*parse.StringNode)
	if !ok {
		return "", false
	}
	var escapers []string
	for _, c := range p.Cmds[1:] {
		if len(c.Args) != 1 {
			return "", false
		}
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok {
			return "", false
		}
		escapers = append(escapers, id.Ident)
	}
	if len(escapers) == 1 && textEscapers[escapers[0]] {
		return htmlText.Replace(lit.Text), true
	}
	for _, e := range escapers {
		if !urlEscapers[e] {
			return "", false
		}
	}
	return lit.Text, plainURL(lit.Text)
}

// navKey is all the navigation bar depends on.
type navKey struct {
	nav            string
	role           string
	canSeeInvoices bool
	company        bool
}

// navbar returns the function that writes the navigation bar of a page (its
// data): the "nav" template, rendered once per page kind and role and kept,
// as it is the same for all of them. The template is given only what the
// key holds, so what it shows cannot depend on anything else.
func navbar(t *template.Template) func(data map[string]any) (template.HTML, error) {
	var rendered sync.Map // navKey → template.HTML
	return func(data map[string]any) (template.HTML, error) {
		var k navKey
		k.nav, _ = data["Nav"].(string)
		user, _ := data["User"].(*company.User)
		comp, _ := data["Company"].(*company.Company)
		if user != nil {
			k.role, k.canSeeInvoices = user.Role, user.CanSeeInvoices
		}
		k.company = comp != nil
		if html, ok := rendered.Load(k); ok {
			return html.(template.HTML), nil
		}
		only := map[string]any{"Nav": k.nav, "User": (*company.User)(nil), "Company": (*company.Company)(nil)}
		if user != nil {
			only["User"] = &company.User{Role: k.role, CanSeeInvoices: k.canSeeInvoices}
		}
		if k.company {
			only["Company"] = &company.Company{}
		}
		var b strings.Builder
		if err := t.ExecuteTemplate(&b, "nav", only); err != nil {
			return "", err
		}
		html := template.HTML(b.String())
		rendered.Store(k, html)
		return html, nil
	}
}
