package portal

import (
	"html/template"
	"io"
	"strings"
	"text/template/parse"
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
func foldTexts(t *template.Template) int {
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
			if text, ok := constantText(a.Pipe); ok {
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
// only urlEscapers.
func constantText(p *parse.PipeNode) (string, bool) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) < 2 || len(p.Cmds[0].Args) != 1 {
		return "", false
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
