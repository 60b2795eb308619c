package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"downhill/build/internal/picture"
	"downhill/game/sim"
)

// PicturesMarker is the exact text in index.html that Build replaces with
// the list of the pictures it made (a <template>, whose images the browser
// neither loads nor reads out): picture.js takes the one of the page's
// scene from it, so the page shows a picture without asking the server
// whether there is one.
const PicturesMarker = `<template id="pictures"></template>`

// PictureDir is the folder of dist/ that holds the pictures.
const PictureDir = "pictures"

// ScenePage is the folder of dist/ that holds one small page per scene, a
// link to share: its og: tags describe the scene with its picture, and it
// forwards a reader to index.html?scene=NAME.
const ScenePage = "scene"

// DefaultPicture is the picture of the page without a scene.
const DefaultPicture = "default"

// Picture is one picture the build makes: its file's name (without .png),
// the page's query it shows, and what it shows in words (its alt text).
type Picture struct {
	// Name is the file's name without .png; Scene the scene's name
	// (empty for the default page); Query the page's URL query it shows.
	Name, Scene, Query string
	// Title and Desc name and describe it for a link preview; Alt says
	// what it shows.
	Title, Desc, Alt string
	W, H             int   // its size in pixels (CSS pixels at scale 1)
	Bytes            int64 // its file's size
	File             string
}

// Pictures lists the pictures the build makes: the default page's and
// each scene's, embedded as the README's snippet has it (panel=off) in the
// lecture page's 720 x 420 frame.
func Pictures() []Picture {
	ps := []Picture{{
		Name: DefaultPicture, Query: "",
		Title: "Downhill: optimizers rolling down a loss surface",
		Desc:  "Drop balls on the error surface of the lecture's sigmoid neuron and watch gradient descent, momentum, NAG, Adagrad, RMSProp and Adam roll downhill.",
		Alt:   "The figure as it starts: the error surface of the lecture's sigmoid neuron as a contour map, in 3D, its loss plot and its fit to the data.",
	}}
	for _, sc := range sim.Scenes {
		ps = append(ps, Picture{
			Name: sc.Name, Scene: sc.Name, Query: "scene=" + sc.Name + "&panel=off",
			Title: "Downhill: " + sc.Section + " " + sc.Title,
			Desc:  sc.Caption,
			Alt:   "The figure as it starts: the lecture's scene " + sc.Section + ", " + sc.Title + ". " + firstSentence(sc.Caption),
		})
	}
	for i := range ps {
		ps[i].W, ps[i].H = picture.Width, picture.Height
		ps[i].File = filepath.Join(PictureDir, ps[i].Name+".png")
	}
	return ps
}

// firstSentence returns s up to its first full stop followed by a space.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// picturesKey names what the pictures were drawn by: this program (the
// scene's code, the painter, the scene table are all linked into it) and
// the list of pictures. An unchanged key keeps the pictures of the last
// build, so a rebuild costs nothing.
func picturesKey(ps []Picture) string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			io.Copy(h, f)
			f.Close()
		}
	}
	for _, p := range ps {
		fmt.Fprintf(h, "%s\x00%s\x00%dx%d\n", p.Name, p.Query, p.W, p.H)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writePictures draws every picture into out/pictures (on every CPU),
// unless the pictures there were drawn by this very program, and returns
// the list with their sizes and whether they were drawn.
func writePictures(out string) ([]Picture, bool, error) {
	ps := Pictures()
	dir := filepath.Join(out, PictureDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, false, err
	}
	keyFile := filepath.Join(dir, ".key")
	key := picturesKey(ps)
	if old, err := os.ReadFile(keyFile); err == nil && string(old) == key {
		ok := true
		for i := range ps {
			if n := size(filepath.Join(out, ps[i].File)); n > 0 {
				ps[i].Bytes = n
			} else {
				ok = false
			}
		}
		if ok {
			return ps, false, nil
		}
	}
	os.Remove(keyFile)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		next = make(chan int)
	)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p := &ps[i]
				img, refused := picture.Draw(p.Query, p.W, p.H, 1)
				var err error
				if len(refused) > 0 {
					err = fmt.Errorf("picture %s: the query %q was refused: %v", p.Name, p.Query, refused)
				}
				var data []byte
				if err == nil {
					data, err = picture.PNG(img)
				}
				if err == nil {
					err = writeIfChanged(filepath.Join(out, p.File), data)
					p.Bytes = int64(len(data))
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range ps {
		next <- i
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		return nil, true, errs[0]
	}
	return ps, true, os.WriteFile(keyFile, []byte(key), 0o644)
}

// InjectPictures writes the pictures' list into the loader page at
// PicturesMarker (left as it is when the page has none).
func InjectPictures(page []byte, ps []Picture) []byte {
	var b strings.Builder
	b.WriteString(`<template id="pictures">`)
	for _, p := range ps {
		fmt.Fprintf(&b, "\n<img src=\"%s\" data-scene=\"%s\" width=\"%d\" height=\"%d\" alt=\"%s\">",
			html.EscapeString(filepath.ToSlash(p.File)), html.EscapeString(p.Scene), p.W, p.H, html.EscapeString(p.Alt))
	}
	b.WriteString("\n</template>")
	return bytes.Replace(page, []byte(PicturesMarker), []byte(b.String()), 1)
}

// SharePage is the small page of a picture for a shared link
// (scene/NAME.html): a link preview (Open Graph and Twitter card tags)
// with the scene's title, caption and picture, and a forward to the
// scene's live page. siteURL, when not empty, is where dist/ is served
// (https://…/): link previews want absolute image URLs.
func SharePage(p Picture, siteURL string) []byte {
	target := "../index.html"
	if p.Scene != "" {
		target += "?scene=" + p.Scene
	}
	img := "../" + filepath.ToSlash(p.File)
	if siteURL != "" {
		base := strings.TrimSuffix(siteURL, "/") + "/"
		img = base + filepath.ToSlash(p.File)
		target = base + strings.TrimPrefix(target, "../")
	}
	e := html.EscapeString
	return []byte(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>` + e(p.Title) + `</title>
<meta name="description" content="` + e(p.Desc) + `">
<meta property="og:type" content="website">
<meta property="og:title" content="` + e(p.Title) + `">
<meta property="og:description" content="` + e(p.Desc) + `">
<meta property="og:image" content="` + e(img) + `">
<meta property="og:image:width" content="` + fmt.Sprint(p.W) + `">
<meta property="og:image:height" content="` + fmt.Sprint(p.H) + `">
<meta property="og:image:alt" content="` + e(p.Alt) + `">
<meta name="twitter:card" content="summary_large_image">
<meta http-equiv="refresh" content="0; url=` + e(target) + `">
<link rel="icon" href="../favicon.svg" type="image/svg+xml">
</head>
<body>
<p><a href="` + e(target) + `"><img src="` + e(img) + `" width="` + fmt.Sprint(p.W) + `" height="` + fmt.Sprint(p.H) + `" alt="` + e(p.Alt) + `"><br>` + e(p.Title) + `</a></p>
</body>
</html>
`)
}

// writeSharePages writes scene/NAME.html for every scene's picture and
// returns their paths within out.
func writeSharePages(out string, ps []Picture, siteURL string) ([]string, error) {
	if err := os.MkdirAll(filepath.Join(out, ScenePage), 0o755); err != nil {
		return nil, err
	}
	var names []string
	for _, p := range ps {
		if p.Scene == "" {
			continue
		}
		name := filepath.Join(ScenePage, p.Scene+".html")
		if err := writeIfChanged(filepath.Join(out, name), SharePage(p, siteURL)); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

// logPictures says how many pictures there are, their sizes and time.
func logPictures(logf func(string, ...any), ps []Picture, drew bool, d time.Duration) {
	var total, largest int64
	for _, p := range ps {
		total += p.Bytes
		largest = max(largest, p.Bytes)
	}
	how := "kept from the last build"
	if drew {
		how = "drawn in " + d.Round(time.Millisecond).String()
	}
	logf("pictures      %d, %.0f KB (largest %.0f KB; %s)", len(ps), float64(total)/1e3, float64(largest)/1e3, how)
}
