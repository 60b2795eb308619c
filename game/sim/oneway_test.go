package sim_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The one way in: outside game/sim nothing assigns a field of a sim.World
// or a sim.Ball; every change is a Command given to World.Do. This test
// reads every non-test Go file of the module outside game/sim (whatever its
// build tags: js/wasm files too) and flags assignments and ++/-- whose left
// side is a selector chain rooted at something declared (syntactically) as
// a *sim.World, sim.World or *sim.Ball, or obtained from one (sim.New(),
// w.Ball(id), w.Balls[i], for _, b := range w.Balls).

// worldWrite is one assignment the rule forbids.
type worldWrite struct {
	Pos  token.Position
	Stmt string
}

// moduleRoot returns the directory of go.mod above the working directory
// and the module's path.
func moduleRoot(t *testing.T) (dir, module string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
					return dir, strings.Trim(f[1], `"`)
				}
			}
			t.Fatalf("%s/go.mod has no module line", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

func TestNothingOutsideSimAssignsTheWorld(t *testing.T) {
	root, module := moduleRoot(t)
	simPath := module + "/game/sim"
	simDir := filepath.Join(root, "game", "sim")
	pkgs := map[string][]string{} // directory -> its non-test .go files
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			if path == simDir {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			pkgs[filepath.Dir(path)] = append(pkgs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dirs := make([]string, 0, len(pkgs))
	for d := range pkgs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	fset := token.NewFileSet()
	importers, files := 0, 0
	for _, d := range dirs {
		var parsed []*ast.File
		for _, path := range pkgs[d] {
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			files++
			if simImportName(f, simPath) != "" {
				importers++
			}
			parsed = append(parsed, f)
		}
		for _, w := range worldWrites(fset, parsed, simPath) {
			rel, _ := filepath.Rel(root, w.Pos.Filename)
			t.Errorf("%s:%d: %s assigns a field of the world outside game/sim: send a sim.Command to World.Do instead", rel, w.Pos.Line, w.Stmt)
		}
	}
	t.Logf("read %d non-test Go files outside game/sim, %d of them importing %s", files, importers, simPath)
	// Not vacuous: the game, the views and the bridge all use the world.
	if files < 10 || importers < 3 {
		t.Fatalf("read %d files, %d importing %s: is the module root %s right?", files, importers, simPath, root)
	}
}

// TestWorldWritesDetector: the detector finds what it must and only that.
func TestWorldWritesDetector(t *testing.T) {
	const simPath = "downhill/game/sim"
	for _, tc := range []struct {
		name string
		src  string
		want []string // the statements flagged, in order
	}{
		{"param", `package p
import "downhill/game/sim"
func f(w *sim.World) { w.Paused = true }
`, []string{"w.Paused = true"}},
		{"field, op-assign, index, inc-dec, ball", `package p
import "downhill/game/sim"
type Game struct{ world *sim.World; n int }
func (g *Game) Update(b *sim.Ball) {
	g.world.Speed *= 2
	b.Pos[0] = 1
	g.world.Ticks++
	g.n++           // not the world
	g.world = nil   // replaces the pointer, changes no world
	x := g.world.Speed
	x = 3           // a copy
	_ = x
}
`, []string{"g.world.Speed *= 2", "b.Pos[0] = 1", "g.world.Ticks++"}},
		{"inferred and aliased", `package p
import s "downhill/game/sim"
func f() {
	w := s.New()
	w.Cam.Yaw = 1
	for _, b := range w.Balls { b.Color = s.RGB{} }
	w.Ball(1).Label = "x"
	b := w.Balls[0]
	b.Status = 0
	cam := w.Cam
	cam.Zoom = 2 // a copy: fine
	w2, _ := s.NewFromQuery("", 1)
	w2.Balls = nil
	*w = s.World{}
}
`, []string{"w.Cam.Yaw = 1", "b.Color = s.RGB{}", `w.Ball(1).Label = "x"`, "b.Status = 0", "w2.Balls = nil", "*w = s.World{}"}},
		{"func literal and var", `package p
import "downhill/game/sim"
var world sim.World
func g(do func(func(w *sim.World))) {
	do(func(w *sim.World) { w.Grid = false })
	world.Present = true
}
`, []string{"w.Grid = false", "world.Present = true"}},
		{"reads and commands only", `package p
import "downhill/game/sim"
func f(w *sim.World) error {
	n := len(w.Balls)
	_ = n
	return w.Do(&sim.Set{Params: sim.ParseQuery("lr=1")})
}
type other struct{ Paused bool }
func h(o *other) { o.Paused = true }
`, nil},
		{"no sim import", `package p
type World struct{ Paused bool }
func f(w *World) { w.Paused = true }
`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, tc.name+".go", tc.src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range worldWrites(fset, []*ast.File{f}, simPath) {
				got = append(got, w.Stmt)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("flagged\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// simImportName returns the name file f imports simPath under ("" if it
// does not).
func simImportName(f *ast.File, simPath string) string {
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == simPath {
			if imp.Name != nil {
				if imp.Name.Name == "_" {
					return ""
				}
				return imp.Name.Name
			}
			return "sim"
		}
	}
	return ""
}

// worldWrites returns the assignments of the package files that change a
// sim.World or sim.Ball through a selector chain. Struct fields of such a
// type are known package-wide (g.world in any file); parameters and
// variables per file.
func worldWrites(fset *token.FileSet, files []*ast.File, simPath string) []worldWrite {
	fields := map[string]bool{}
	for _, f := range files {
		name := simImportName(f, simPath)
		if name == "" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if st, ok := n.(*ast.StructType); ok {
				for _, fl := range st.Fields.List {
					if isSimType(fl.Type, name) {
						for _, id := range fl.Names {
							fields[id.Name] = true
						}
					}
				}
			}
			return true
		})
	}
	var out []worldWrite
	for _, f := range files {
		name := simImportName(f, simPath)
		if name == "" {
			continue
		}
		d := &detector{sim: name, fields: fields, vars: map[string]bool{}}
		d.collect(f)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					return true
				}
				for _, lhs := range n.Lhs {
					if d.writes(lhs) {
						out = append(out, worldWrite{fset.Position(n.Pos()), stmtString(n)})
						break
					}
				}
			case *ast.IncDecStmt:
				if d.writes(n.X) {
					out = append(out, worldWrite{fset.Position(n.Pos()), types.ExprString(n.X) + n.Tok.String()})
				}
			}
			return true
		})
	}
	return out
}

func stmtString(a *ast.AssignStmt) string {
	l := make([]string, len(a.Lhs))
	for i, e := range a.Lhs {
		l[i] = types.ExprString(e)
	}
	r := make([]string, len(a.Rhs))
	for i, e := range a.Rhs {
		r[i] = types.ExprString(e)
	}
	return strings.Join(l, ", ") + " " + a.Tok.String() + " " + strings.Join(r, ", ")
}

// isSimType reports whether e is *sim.World, sim.World or *sim.Ball (sim
// being the file's name for the package).
func isSimType(e ast.Expr, sim string) bool {
	if s, ok := e.(*ast.StarExpr); ok {
		return isSimName(s.X, sim, "World") || isSimName(s.X, sim, "Ball")
	}
	return isSimName(e, sim, "World")
}

func isSimName(e ast.Expr, sim, name string) bool {
	if sim == "." {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == name
	}
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := s.X.(*ast.Ident)
	return ok && x.Name == sim && s.Sel.Name == name
}

type detector struct {
	sim    string
	fields map[string]bool // struct fields holding a world or a ball
	vars   map[string]bool // parameters and variables holding one
}

// link is one step of a selector chain: the root identifier, a field
// selected, an index, a call or a dereference.
type link struct {
	name string
	kind byte // 'r' root, 's' selector, 'i' index, 'c' call, 'x' anything else
}

func chainOf(e ast.Expr) []link {
	switch e := e.(type) {
	case *ast.Ident:
		return []link{{e.Name, 'r'}}
	case *ast.SelectorExpr:
		return append(chainOf(e.X), link{e.Sel.Name, 's'})
	case *ast.IndexExpr:
		return append(chainOf(e.X), link{"", 'i'})
	case *ast.IndexListExpr:
		return append(chainOf(e.X), link{"", 'i'})
	case *ast.ParenExpr:
		return chainOf(e.X)
	case *ast.StarExpr:
		return chainOf(e.X)
	case *ast.CallExpr:
		return append(chainOf(e.Fun), link{"", 'c'})
	}
	return []link{{"", 'x'}}
}

// holder returns the index of the first link of c that holds a world or a
// ball, or -1.
func (d *detector) holder(c []link) int {
	for i, l := range c {
		if (l.kind == 'r' && d.vars[l.name]) || (l.kind == 's' && d.fields[l.name]) {
			return i
		}
	}
	return -1
}

// writes reports whether assigning to e changes a world or a ball: e goes
// on from something holding one (w.Paused, g.world.Speed, b.Pos[0]), or
// dereferences it (*w = ...).
func (d *detector) writes(e ast.Expr) bool {
	c := chainOf(e)
	i := d.holder(c)
	if i < 0 {
		return false
	}
	if i < len(c)-1 {
		return true
	}
	_, star := e.(*ast.StarExpr)
	return star
}

// yields reports whether the value of e is a world or a ball: sim.New(),
// sim.NewFromQuery(...), w.Ball(id), w.Balls[i], or something holding one.
func (d *detector) yields(e ast.Expr) bool {
	if call, ok := e.(*ast.CallExpr); ok {
		if isSimName(call.Fun, d.sim, "New") || isSimName(call.Fun, d.sim, "NewFromQuery") {
			return true
		}
		if s, ok := call.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Ball" && d.holder(chainOf(s.X)) >= 0 {
			return true
		}
	}
	if ix, ok := e.(*ast.IndexExpr); ok {
		if s, ok := ix.X.(*ast.SelectorExpr); ok && s.Sel.Name == "Balls" && d.holder(chainOf(s.X)) >= 0 {
			return true
		}
	}
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if cl, ok := u.X.(*ast.CompositeLit); ok && isSimType(&ast.StarExpr{X: cl.Type}, d.sim) {
			return true
		}
	}
	c := chainOf(e)
	i := d.holder(c)
	return i >= 0 && i == len(c)-1 // w2 := w, w := g.world
}

// collect finds the file's parameters and variables holding a world or a
// ball: declared with such a type, or given one (to a fixed point, so that
// b := w.Balls[0] after w := sim.New() is found).
func (d *detector) collect(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncType:
			for _, list := range []*ast.FieldList{n.TypeParams, n.Params, n.Results} {
				if list == nil {
					continue
				}
				for _, fl := range list.List {
					if isSimType(fl.Type, d.sim) {
						for _, id := range fl.Names {
							d.vars[id.Name] = true
						}
					}
				}
			}
		case *ast.FuncDecl:
			if n.Recv != nil {
				for _, fl := range n.Recv.List {
					if isSimType(fl.Type, d.sim) {
						for _, id := range fl.Names {
							d.vars[id.Name] = true
						}
					}
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil && isSimType(n.Type, d.sim) {
				for _, id := range n.Names {
					d.vars[id.Name] = true
				}
			}
		}
		return true
	})
	for changed := true; changed; {
		changed = false
		mark := func(e ast.Expr) {
			if id, ok := e.(*ast.Ident); ok && id.Name != "_" && !d.vars[id.Name] {
				d.vars[id.Name] = true
				changed = true
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, r := range n.Rhs {
						if d.yields(r) {
							mark(n.Lhs[i])
						}
					}
				} else if len(n.Rhs) == 1 && d.yields(n.Rhs[0]) {
					mark(n.Lhs[0]) // w, errs := sim.NewFromQuery(...)
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, v := range n.Values {
						if d.yields(v) {
							mark(n.Names[i])
						}
					}
				} else if len(n.Values) == 1 && d.yields(n.Values[0]) {
					mark(n.Names[0])
				}
			case *ast.RangeStmt:
				if s, ok := n.X.(*ast.SelectorExpr); ok && s.Sel.Name == "Balls" && d.holder(chainOf(s.X)) >= 0 && n.Value != nil {
					mark(n.Value)
				}
			}
			return true
		})
	}
}

// TestOnlyDoCallsDo: inside game/sim (where the unexported do can be
// called at all), World.Do is the only caller of a command's do method:
// the settings table, the scenes and commands made of commands do theirs
// through World.Do, so Do's contract (the change counted once, a refusal
// kept as the notice) holds for every command.
func TestOnlyDoCallsDo(t *testing.T) {
	root, _ := moduleRoot(t)
	dir := filepath.Join(root, "game", "sim")
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) < 10 {
		t.Fatalf("read %d files of game/sim; the test looks in the wrong place", len(files))
	}
	callers := doCallers(fset, files)
	if len(callers) != 1 || callers[0].Func != "World.Do" {
		t.Errorf("a command's do is called from %v; want World.Do alone", callers)
	}
}

// doCall is one call of a method named do, and the function it is in.
type doCall struct {
	Pos  token.Position
	Func string
}

func (c doCall) String() string {
	return c.Func + " (" + filepath.Base(c.Pos.Filename) + ":" + strconv.Itoa(c.Pos.Line) + ")"
}

// doCallers returns every call x.do(...) in files, with the function
// (Recv.Name, or the name) whose body holds it; a call in a function
// literal counts as its enclosing function's.
func doCallers(fset *token.FileSet, files []*ast.File) []doCall {
	var out []doCall
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				t := fd.Recv.List[0].Type
				if s, ok := t.(*ast.StarExpr); ok {
					t = s.X
				}
				if id, ok := t.(*ast.Ident); ok {
					name = id.Name + "." + name
				}
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "do" {
					out = append(out, doCall{Pos: fset.Position(call.Pos()), Func: name})
				}
				return true
			})
		}
	}
	return out
}

func TestDoCallersDetector(t *testing.T) {
	const src = `package sim
func (w *World) Do(c Command) error { return c.do(w) }
func (c Key) do(w *World) error { return w.Do(c.inner) }
func (c *Set) do(w *World) error {
	for _, k := range c.keys { k.do(w) }
	return nil
}
func apply(w *World) { f := func() { Tour{}.do(w) }; f() }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range doCallers(fset, []*ast.File{f}) {
		got = append(got, c.Func)
	}
	if want := "World.Do Set.do apply"; strings.Join(got, " ") != want {
		t.Errorf("callers %q, want %q", strings.Join(got, " "), want)
	}
}
