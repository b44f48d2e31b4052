package portal

import (
	"bytes"
	"html/template"
	"testing"
)

// Folding constant texts into the template changes nothing a browser gets:
// the same bytes in HTML text, quoted attributes, the title and a textarea
// (folded), and in a script, a URL and an event handler (left to
// html/template), for texts with every character those escape; and HTML
// the same on every render, folded in text and left in an attribute.
func TestFoldedTextsRenderTheSameBytes(t *testing.T) {
	const src = `{{define "layout"}}<html><head><title>{{"Tytuł <i> & \"cudzysłów\" + 'apostrof'"}}</title></head>
<body class="{{"a&b"}}" title='{{"it's \"1 + 1\" < 3 > 2"}}'>
<p>{{"Zamówienie <b>nr</b> & co + \x00 'x' \"y\""}} · {{.Name}}</p>
<textarea>{{"</textarea><script>alert(1)</script>"}}</textarea>
<a href="/search?q={{"a b&c"}}" onclick="go({{"it's"}})">{{"Link ' \" <>"}}</a>
<link rel="stylesheet" href="{{"/static/app.css?v=1a2b3c"}}"><img src="{{"/static/logo.svg"}}" alt="">
<a href="{{"/x y?a=<b>&c"}}">x</a><a href="{{"javascript:alert(1)"}}">y</a><a href="{{"//evil.example/a"}}">z</a>
<script>var x = {{"</script> 'q' \"w\""}};</script>
{{template "part" .}}{{end}}
{{define "part"}}<span data-x="{{"part & parcel"}}">{{"ą ę ł ż — Ёё Ää Öö"}}</span>{{buttons}}<i title="{{buttons}}"></i>{{end}}`
	render := func(fold bool) (string, int) {
		buttons := template.HTML(`<button title="a&amp;b">PL</button>`)
		tpl := template.Must(template.New("x").Funcs(template.FuncMap{"buttons": func() template.HTML { return buttons }}).Parse(src))
		n := 0
		if fold {
			n = foldTexts(tpl, map[string]template.HTML{"buttons": buttons})
		}
		var b bytes.Buffer
		if err := tpl.ExecuteTemplate(&b, "layout", map[string]string{"Name": "Anna & <Jan>"}); err != nil {
			t.Fatal(err)
		}
		return b.String(), n
	}
	want, _ := render(false)
	got, folded := render(true)
	if got != want {
		t.Fatalf("folded:\n%s\nwant:\n%s", got, want)
	}
	// The title, the class, the title attribute, the paragraph, the textarea,
	// the link's text, the stylesheet's and the image's URLs, the span's
	// attribute and text, the buttons' HTML in the text; not the query, the
	// handler, the script, the URLs that need escaping or filtering, or the
	// HTML in an attribute (which html/template strips of its tags there).
	if folded != 11 {
		t.Errorf("folded %d actions", folded)
	}
}
