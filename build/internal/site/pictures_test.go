package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"downhill/game/sim"
)

// Every scene has a picture, listed in index.html's template with its alt
// text, and a share page whose link preview names the scene and its
// picture and which forwards to the scene.
func TestPicturesListed(t *testing.T) {
	ps := Pictures()
	if len(ps) != len(sim.Scenes)+1 || ps[0].Name != DefaultPicture {
		t.Fatalf("%d pictures, want the default page's and %d scenes'", len(ps), len(sim.Scenes))
	}
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(root, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(index), PicturesMarker); n != 1 {
		t.Fatalf("index.html holds %s %d times, want once", PicturesMarker, n)
	}
	page := string(InjectPictures(index, ps))
	for _, p := range ps {
		want := `<img src="pictures/` + p.Name + `.png" data-scene="` + p.Scene + `" width="720" height="420" alt="`
		if !strings.Contains(page, want) {
			t.Errorf("index.html does not list %s as %s", p.Name, want)
		}
		if p.Alt == "" || strings.Contains(p.Alt, "\n") {
			t.Errorf("%s: alt text %q", p.Name, p.Alt)
		}
	}
	sc := sim.Scenes[0]
	share := string(SharePage(ps[1], ""))
	for _, want := range []string{
		`<meta property="og:image" content="../pictures/` + sc.Name + `.png">`,
		`<meta property="og:title" content="Downhill: ` + sc.Section + " " + sc.Title + `">`,
		`<meta http-equiv="refresh" content="0; url=../index.html?scene=` + sc.Name + `">`,
		`<meta name="twitter:card" content="summary_large_image">`,
	} {
		if !strings.Contains(share, want) {
			t.Errorf("share page lacks %s:\n%s", want, share)
		}
	}
	abs := string(SharePage(ps[1], "https://downhill.example.org/notes"))
	if !strings.Contains(abs, `content="https://downhill.example.org/notes/pictures/`+sc.Name+`.png"`) ||
		!strings.Contains(abs, `url=https://downhill.example.org/notes/index.html?scene=`+sc.Name+`"`) {
		t.Errorf("with a site URL, the share page's URLs are not absolute:\n%s", abs)
	}
}
