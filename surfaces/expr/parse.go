package expr

import (
	"strconv"
	"unicode/utf8"
)

// tokKind classifies a token.
type tokKind uint8

const (
	tEOF   tokKind = iota // end of input (also after an error)
	tNum                  // a number; token.val holds its value
	tName                 // an identifier
	tPunct                // one of + - * / ^ ( ) ,
	tJunk                 // any other character
)

// token is a lexeme: its kind, byte span in the source and, for numbers, value.
type token struct {
	kind     tokKind
	off, end int
	val      float64
}

// parser is a recursive-descent parser that emits a postfix program. It
// recurses only where the input nests (parentheses, calls, exponents), which
// enter bounds by MaxDepth. The first error wins; after it the current token
// is tEOF, so every loop ends and nothing more is consumed.
type parser struct {
	src   string
	pos   int // byte offset just after tok
	tok   token
	prev  token
	depth int
	prog  []instr
	err   *Error
}

// operand is what may start an operand, for "expected ..." messages.
const operand = `a number, a variable (w, b), a function or "("`

// funcList is the list of functions, for messages.
const funcList = "exp, log, sqrt, abs, sin, cos, tan, tanh, sigmoid, min, max"

// parse parses src into a postfix program; inputs longer than limit bytes are
// rejected.
func parse(src string, limit int) ([]instr, error) {
	if len(src) > limit {
		return nil, &Error{Pos: posAtByte(src, limit), Msg: "the expression is too long: " +
			strconv.Itoa(len(src)) + " bytes, at most " + strconv.Itoa(limit) + " are accepted"}
	}
	p := &parser{src: src, prog: make([]instr, 0, 8)}
	p.next()
	if p.err == nil && p.tok.kind == tEOF {
		return nil, &Error{Pos: 1, Msg: "the expression is empty: expected a function of w and b, such as w^2 + b^2"}
	}
	p.sum()
	if p.err == nil && p.tok.kind != tEOF {
		p.unexpectedAfterOperand("")
	}
	if p.err != nil {
		return nil, p.err
	}
	return p.prog, nil
}

// posAtByte returns the 1-based character position of the first character
// that does not end before byte offset off.
func posAtByte(s string, off int) int {
	n := 0
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		if i+size > off {
			break
		}
		i += size
		n++
	}
	return n + 1
}

// fail records the first error, at byte offset off, and stops the parse.
func (p *parser) fail(off int, msg string) {
	if p.err == nil {
		p.err = &Error{Pos: utf8.RuneCountInString(p.src[:off]) + 1, Msg: msg}
	}
	p.tok = token{kind: tEOF, off: len(p.src), end: len(p.src)}
	p.pos = len(p.src)
}

func (p *parser) emit(op opcode, x float64) {
	p.prog = append(p.prog, instr{op: op, x: x})
}

// is reports whether the current token is the punctuation c.
func (p *parser) is(c byte) bool {
	return p.tok.kind == tPunct && p.src[p.tok.off] == c
}

// text is the source text of t.
func (p *parser) text(t token) string { return p.src[t.off:t.end] }

// found describes the current token for "but found ..." messages.
func (p *parser) found() string {
	if p.tok.kind == tEOF {
		return "end of input"
	}
	s := strconv.Quote(clip(p.text(p.tok)))
	if p.tok.kind == tJunk {
		r, _ := utf8.DecodeRuneInString(p.text(p.tok))
		if h, ok := junkHints[r]; ok {
			s += " (" + h + ")"
		}
	}
	return s
}

// clip shortens a token repeated in a message to 20 characters and "…":
// a message stays short whatever was typed (a 48-digit number was quoted
// twice in one, 200 characters).
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 20 {
		return s
	}
	n := 0
	for i := range s {
		if n == 20 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// junkHints suggest the ASCII spelling of characters pasted from slides.
var junkHints = map[rune]string{
	'×': "type * to multiply", '·': "type * to multiply", '⋅': "type * to multiply",
	'∙': "type * to multiply", '−': "type - to subtract", '–': "type - to subtract",
	'÷': "type / to divide", '∕': "type / to divide", '²': "type ^2", '³': "type ^3",
	'π': "type pi", '[': "use ( and )", ']': "use ( and )", '{': "use ( and )", '}': "use ( and )",
	'=': "type only the function, such as w^2 + b^2",
}

// startsOperand reports whether the current token can begin an operand, in
// which case an operand directly after another one is implicit multiplication.
func (p *parser) startsOperand() bool {
	return p.tok.kind == tNum || p.tok.kind == tName || p.is('(')
}

// implicitMul fails at a token that directly follows an operand.
func (p *parser) implicitMul() {
	how := "write * between the factors"
	if (p.prev.kind == tNum || p.prev.kind == tName) && (p.tok.kind == tNum || p.tok.kind == tName) {
		how = "write " + clip(p.text(p.prev)) + "*" + clip(p.text(p.tok))
	}
	p.fail(p.tok.off, "expected an operator but found "+p.found()+
		" (implicit multiplication is not supported: "+how+")")
}

// unexpectedAfterOperand fails at a token after a complete operand that is
// not an operator; closer is ")" inside parentheses and "" at the top level.
func (p *parser) unexpectedAfterOperand(closer string) {
	switch {
	case p.err != nil:
	case p.startsOperand():
		p.implicitMul()
	case closer == ")" && p.tok.kind == tEOF:
		p.fail(p.tok.off, `expected ")" but found end of input`)
	case closer == ")":
		p.fail(p.tok.off, `expected an operator or ")" but found `+p.found())
	case p.is(')'):
		p.fail(p.tok.off, `expected an operator or end of input but found ")" (it has no matching "(")`)
	case p.is(','):
		p.fail(p.tok.off, `expected an operator or end of input but found "," (commas separate the arguments of min and max)`)
	default:
		p.fail(p.tok.off, "expected an operator or end of input but found "+p.found())
	}
}

// enter goes one nesting level deeper at the current token.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > MaxDepth {
		p.fail(p.tok.off, "nested too deeply: at most "+strconv.Itoa(MaxDepth)+
			" levels of parentheses, function calls and exponents are accepted")
		return false
	}
	return true
}

// sum = product { ("+" | "-") product }
func (p *parser) sum() { p.leftAssoc((*parser).product, '+', opAdd, '-', opSub) }

// product = unary { ("*" | "/") unary }
func (p *parser) product() { p.leftAssoc((*parser).unary, '*', opMul, '/', opDiv) }

// leftAssoc parses operand { (a | b) operand }, the operators grouping to
// the left: each operand after the first is followed by opA or opB.
func (p *parser) leftAssoc(operand func(*parser), a byte, opA opcode, b byte, opB opcode) {
	operand(p)
	for p.is(a) || p.is(b) {
		op := opA
		if p.is(b) {
			op = opB
		}
		p.next()
		operand(p)
		p.emit(op, 0)
	}
}

// unary = { "-" | "+" } power. Signs are counted in a loop, not by recursion,
// so a long run of signs needs no nesting.
func (p *parser) unary() {
	neg := 0
	for p.is('-') || p.is('+') {
		if p.is('-') {
			neg++
		}
		p.next()
	}
	p.power()
	for ; neg > 0; neg-- {
		p.emit(opNeg, 0)
	}
}

// power = primary [ "^" unary ]
func (p *parser) power() {
	p.primary()
	if p.is('^') {
		if !p.enter() {
			return
		}
		p.next()
		p.unary()
		p.depth--
		p.emit(opPow, 0)
	}
}

// primary = number | name | func "(" args ")" | "(" sum ")"
func (p *parser) primary() {
	switch {
	case p.err != nil:
	case p.tok.kind == tNum:
		p.emit(opNum, p.tok.val)
		p.next()
	case p.tok.kind == tName:
		p.name()
	case p.is('('):
		if !p.enter() {
			return
		}
		p.next()
		p.sum()
		if !p.is(')') {
			p.unexpectedAfterOperand(")")
			return
		}
		p.depth--
		p.next()
	default:
		msg := "expected " + operand + " but found " + p.found()
		if p.is('*') && p.prev.kind == tPunct && p.src[p.prev.off] == '*' {
			msg += " (use ^ for powers)"
		}
		p.fail(p.tok.off, msg)
	}
}

// names maps variables and constants to their opcodes.
var names = map[string]opcode{"w": opW, "b": opB, "x": opW, "y": opB, "pi": opPi, "e": opE}

// name handles a variable, a constant or a function call.
func (p *parser) name() {
	s := p.text(p.tok)
	if op, ok := names[s]; ok {
		p.emit(op, 0)
		p.next()
		return
	}
	f, ok := funcs[s]
	if !ok {
		p.unknownName(s)
		return
	}
	p.next()
	if !p.is('(') {
		p.fail(p.tok.off, `expected "(" after `+clip(s)+" but found "+p.found())
		return
	}
	if !p.enter() {
		return
	}
	p.next()
	for i := 0; i < f.arity; i++ {
		p.sum()
		want := byte(',')
		if i == f.arity-1 {
			want = ')'
		}
		if !p.is(want) {
			p.badArgs(s, f.arity, want)
			return
		}
		p.next()
	}
	p.depth--
	p.emit(f.op, 0)
}

// badArgs fails after argument of function s when the token is not want.
func (p *parser) badArgs(s string, arity int, want byte) {
	w := strconv.Quote(string(want))
	takes := s + " takes 1 argument"
	if arity == 2 {
		takes = s + " takes 2 arguments"
	}
	switch {
	case p.err != nil:
	case p.startsOperand():
		p.implicitMul()
	case want == ',' && p.is(')'), want == ')' && p.is(','):
		p.fail(p.tok.off, "expected "+w+" but found "+p.found()+" ("+takes+")")
	case p.tok.kind == tEOF:
		p.fail(p.tok.off, "expected "+w+" but found end of input")
	default:
		p.fail(p.tok.off, "expected an operator or "+w+" but found "+p.found())
	}
}

// unknownName fails at an identifier that is neither a variable, a constant
// nor a function.
func (p *parser) unknownName(s string) {
	hint := ""
	if low := lower(s); low != s {
		if _, ok := names[low]; ok {
			hint = " (names are lowercase: write " + low + ")"
		} else if _, ok := funcs[low]; ok {
			hint = " (names are lowercase: write " + low + ")"
		}
	}
	if s == "ln" {
		hint = " (log is the natural logarithm)"
	}
	// A name followed by "(" was meant as a function.
	i := p.pos
	for i < len(p.src) && isASCIISpace(p.src[i]) {
		i++
	}
	s = clip(s) // the message stays short
	if hint != "" {
		// The fix is known: say it, not the whole list.
		p.fail(p.tok.off, "unknown name "+strconv.Quote(s)+hint)
		return
	}
	if i < len(p.src) && p.src[i] == '(' {
		p.fail(p.tok.off, "unknown function "+strconv.Quote(s)+": expected one of "+funcList)
		return
	}
	p.fail(p.tok.off, "unknown name "+strconv.Quote(s)+
		": expected a variable (w, b, x, y), a constant (pi, e) or a function ("+funcList+")")
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// next scans the next token into p.tok.
func (p *parser) next() {
	if p.err != nil {
		return
	}
	p.prev = p.tok
	s, i := p.src, p.pos
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !isASCIISpace(c) {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		p.tok, p.pos = token{kind: tEOF, off: i, end: i}, i
		return
	}
	c := s[i]
	switch {
	case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
		p.number(i)
	case isLetter(c):
		j := i + 1
		for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
			j++
		}
		p.tok, p.pos = token{kind: tName, off: i, end: j}, j
	case c == '+' || c == '-' || c == '*' || c == '/' || c == '^' || c == '(' || c == ')' || c == ',':
		p.tok, p.pos = token{kind: tPunct, off: i, end: i + 1}, i+1
	default:
		_, size := utf8.DecodeRuneInString(s[i:])
		p.tok, p.pos = token{kind: tJunk, off: i, end: i + size}, i+size
	}
}

// number scans a number at byte i in Go's float syntax and converts it with
// strconv.ParseFloat. The scan is deliberately narrower than "letters and
// digits", so that "2w" is a number followed by a name (implicit
// multiplication, reported as such) rather than a malformed number.
func (p *parser) number(i int) {
	s, start := p.src, i
	hex := false
	switch {
	case s[i] == '0' && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X'):
		hex = true
		i = skip(s, i+2, isHexDigit)
		if i < len(s) && s[i] == '.' {
			i = skip(s, i+1, isHexDigit)
		}
		if i < len(s) && (s[i] == 'p' || s[i] == 'P') {
			i = skipExponent(s, i+1)
		}
	case s[i] == '0' && i+2 < len(s) && (s[i+1]|0x20 == 'b' || s[i+1]|0x20 == 'o') && isDigit(s[i+2]):
		i = skip(s, i+2, isDigit) // 0b101, 0o17: rejected by ParseFloat below
	default:
		i = skip(s, i, isDigit)
		if i < len(s) && s[i] == '.' {
			i = skip(s, i+1, isDigit)
		}
		if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
			i = skipExponent(s, i+1)
		}
	}
	text := s[start:i]
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			p.fail(start, "the number "+strconv.Quote(text)+" is too large (the largest float64 is about 1.8e308)")
			return
		}
		why := "expected Go float syntax, such as 1.5, .5, 1e-3, 1_000 or 0x1p-2"
		last := text[len(text)-1]
		switch {
		case last == 'e' || last == 'E' || last == 'p' || last == 'P' || last == '+' || last == '-':
			why = "the exponent has no digits"
		case hex && !hasByte(text, 'p') && !hasByte(text, 'P') && len(text) > 2:
			why = `a hexadecimal number needs a "p" exponent, as in 0x1p-2 or ` + text + "p0"
		case len(text) > 1 && text[0] == '0' && (text[1]|0x20 == 'b' || text[1]|0x20 == 'o'):
			why = "only decimal and hexadecimal (0x...p...) numbers are accepted"
		}
		p.fail(start, "malformed number "+strconv.Quote(text)+": "+why)
		return
	}
	p.tok, p.pos = token{kind: tNum, off: start, end: i, val: v}, i
}

// skipExponent skips an optional sign and the digits of an exponent.
func skipExponent(s string, i int) int {
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	return skip(s, i, isDigit)
}

// skip skips bytes satisfying ok or '_' (Go's digit separator; ParseFloat
// checks where it may stand).
func skip(s string, i int, ok func(byte) bool) int {
	for i < len(s) && (ok(s[i]) || s[i] == '_') {
		i++
	}
	return i
}

func hasByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool    { return '0' <= c && c <= '9' }
func isHexDigit(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }
func isLetter(c byte) bool   { return 'a' <= c|0x20 && c|0x20 <= 'z' || c == '_' }

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// isSpace reports whether r has Unicode's White_Space property (the set
// unicode.IsSpace accepts), so spaces pasted from documents are skipped.
func isSpace(r rune) bool {
	switch r {
	case '\u0085', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000':
		return true
	}
	return '\u2000' <= r && r <= '\u200A'
}
