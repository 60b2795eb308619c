package site

import (
	"html"
	"strings"

	"downhill/game/sim"
)

// LecturePage is lecture.html: every scene of the tour, in the lecture's
// order, under its heading with its caption, each a figure embedded with
// the README's snippet (scene=NAME&panel=off, loading="lazy"). It is made
// from the scene table at every build, so it never drifts from the tour; it
// is the page of many figures the README's section on it describes (only
// the figures near the view hold an engine).
func LecturePage() []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Learning Parameters: the whole lecture with Downhill figures</title>
<meta property="og:title" content="Learning Parameters: the whole lecture with Downhill figures">
<meta property="og:description" content="Every scene of the lecture, each a live figure: gradient descent, momentum, NAG, stochastic and mini-batch descent, schedules, line search, Adagrad, RMSProp and Adam.">
<meta property="og:image" content="pictures/default.png">
<meta name="twitter:card" content="summary_large_image">
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="example.css">
</head>
<body>
<main>
<h1>Learning Parameters</h1>
<p class="lede">Every scene of the lecture, each a live <a href="./">Downhill</a> figure embedded as a course page
would embed it. Only the figures near the view run; the others sleep with their last picture and go on
where they were when you scroll back.</p>
`)
	section := ""
	for _, sc := range sim.Scenes {
		if sc.Section != section {
			section = sc.Section
			b.WriteString("\n<h2>" + html.EscapeString(section) + "</h2>\n")
		}
		title := html.EscapeString(sc.Section + " " + sc.Title)
		b.WriteString("<h3 id=\"" + html.EscapeString(sc.Name) + "\">" + html.EscapeString(sc.Title) + "</h3>\n")
		b.WriteString("<iframe class=\"figure scene\" src=\"index.html?scene=" + html.EscapeString(sc.Name) + "&amp;panel=off\"\n")
		b.WriteString("        title=\"Downhill: " + title + "\" width=\"720\" height=\"420\" allow=\"fullscreen\" loading=\"lazy\"></iframe>\n")
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return []byte(b.String())
}
