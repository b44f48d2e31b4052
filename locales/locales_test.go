package locales

import (
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// pluralForms are the CLDR plural categories each language needs for
// cardinal numbers.
var pluralForms = map[string][]string{
	"pl": {"one", "few", "many", "other"},
	"ru": {"one", "few", "many", "other"},
	"fi": {"one", "other"},
}

var allForms = map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}

func load(t *testing.T) map[string]map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]map[string]string{}
	for lang, files := range Files {
		msgs := map[string]map[string]string{}
		for _, file := range files {
			data, err := FS.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var raw map[string]any
			if err := toml.Unmarshal(data, &raw); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			for id, v := range raw {
				if _, dup := msgs[id]; dup {
					t.Errorf("%s: [%s] is defined in two files", file, id)
				}
				forms := map[string]string{}
				switch m := v.(type) {
				case map[string]any:
					for k, text := range m {
						if k == "description" {
							continue
						}
						s, ok := text.(string)
						if !ok || !allForms[k] {
							t.Errorf("%s: [%s] has field %q that is not a plural form", file, id, k)
							continue
						}
						forms[k] = s
					}
				case string:
					forms["other"] = m
				default:
					t.Errorf("%s: [%s] is neither a table nor a string", file, id)
				}
				msgs[id] = forms
			}
		}
		out[lang] = msgs
	}
	return out
}

func TestEveryMessageInEveryLanguage(t *testing.T) {
	all := load(t)
	ids := map[string]bool{}
	for _, msgs := range all {
		for id := range msgs {
			ids[id] = true
		}
	}
	var missing []string
	for id := range ids {
		for lang, msgs := range all {
			if _, ok := msgs[id]; !ok {
				missing = append(missing, lang+": "+id)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("messages missing:\n%s", strings.Join(missing, "\n"))
	}
	if len(ids) < 10 {
		t.Fatalf("only %d messages loaded", len(ids))
	}
}

// A message is plural when any language gives it a "one" form; then every
// language must give every form its grammar needs, and nothing may be empty.
func TestPluralFormsComplete(t *testing.T) {
	all := load(t)
	for lang, msgs := range all {
		for id, forms := range msgs {
			for form, text := range forms {
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s: [%s] %s is empty", lang, id, form)
				}
			}
			plural := false
			for _, m := range all {
				if _, ok := m[id]["one"]; ok {
					plural = true
				}
			}
			if !plural {
				continue
			}
			for _, need := range pluralForms[lang] {
				if _, ok := forms[need]; !ok {
					t.Errorf("%s: [%s] lacks the %q plural form", lang, id, need)
				}
			}
			if !strings.Contains(forms["other"], "{{") {
				t.Errorf("%s: [%s] is plural but does not show the count", lang, id)
			}
		}
	}
}
