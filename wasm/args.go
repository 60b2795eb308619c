//go:build js && wasm

package main

import (
	"math"
	"strconv"
	"strings"
	"syscall/js"

	"downhill/game/sim"
	"downhill/optim"
)

// The decoders turn a JavaScript call's arguments into Go values for a
// command. They check only what the JavaScript types say (a number, a
// whole number, a pair); the ranges are the world's (sim's settings), checked
// by the command itself.

// arg returns args[i], or undefined.
func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

func isObject(v js.Value) bool {
	return v.Type() == js.TypeObject && !js.Global().Get("Array").Call("isArray", v).Bool()
}

func isArray(v js.Value) bool {
	return v.Type() == js.TypeObject && js.Global().Get("Array").Call("isArray", v).Bool()
}

// typeName says what a value is, for an error message.
func typeName(v js.Value) string {
	switch {
	case v.IsUndefined():
		return "nothing"
	case v.IsNull():
		return "null"
	case isArray(v):
		return "an array"
	}
	return "a " + v.Type().String()
}

// number reads a finite number.
func number(v js.Value, field string) (float64, error) {
	if v.Type() != js.TypeNumber {
		return 0, &optim.Error{Field: field, Problem: "needs a number, not " + typeName(v)}
	}
	x := v.Float()
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, &optim.Error{Field: field, Value: strconv.FormatFloat(x, 'g', -1, 64), Problem: "is not a finite number"}
	}
	return x, nil
}

// whole reads a whole number (its range is the command's to check).
func whole(v js.Value, field string) (int, error) {
	x, err := number(v, field)
	if err != nil {
		return 0, err
	}
	if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
		return 0, &optim.Error{Field: field, Value: strconv.FormatFloat(x, 'g', -1, 64), Problem: "is not a whole number"}
	}
	return int(x), nil
}

// point reads [w, b].
func point(v js.Value, field string) (optim.Vec, error) {
	if !isArray(v) || v.Length() != 2 {
		return optim.Vec{}, &optim.Error{Field: field, Problem: "needs [w, b], two numbers, not " + typeName(v)}
	}
	a, err1 := number(v.Index(0), field)
	b, err2 := number(v.Index(1), field)
	if err1 != nil || err2 != nil {
		return optim.Vec{}, &optim.Error{Field: field, Problem: "needs [w, b], two finite numbers"}
	}
	return optim.Vec{a, b}, nil
}

// two reads two number arguments.
func two(args []js.Value, a, b string) (float64, float64, error) {
	x, err := number(arg(args, 0), a)
	if err != nil {
		return 0, 0, err
	}
	y, err := number(arg(args, 1), b)
	return x, y, err
}

// params turns a JS object's own properties into settings: a number stays
// a number (sim.Number: the setting takes it as it is, never parsed from
// text), booleans become true/false, strings stay as typed, arrays are
// joined by commas and arrays of arrays by semicolons, as the URL would
// spell them.
func params(o js.Value, skip ...string) ([]sim.Param, error) {
	keys := js.Global().Get("Object").Call("keys", o)
	var ps []sim.Param
next:
	for i := 0; i < keys.Length(); i++ {
		k := keys.Index(i).String()
		for _, s := range skip {
			if k == s {
				continue next
			}
		}
		v := o.Get(k)
		if v.Type() == js.TypeNumber {
			ps = append(ps, sim.Number(k, v.Float()))
			continue
		}
		t, err := text(v, 0)
		if err != nil {
			return nil, &optim.Error{Field: k, Problem: err.Error()}
		}
		ps = append(ps, sim.Param{Key: k, Val: t})
	}
	return ps, nil
}

type textError string

func (e textError) Error() string { return string(e) }

func text(v js.Value, depth int) (string, error) {
	switch v.Type() {
	case js.TypeString:
		return v.String(), nil
	case js.TypeNumber:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64), nil
	case js.TypeBoolean:
		return strconv.FormatBool(v.Bool()), nil
	case js.TypeObject:
		if !isArray(v) || depth > 1 {
			return "", textError("needs a number, a string, a boolean or an array, not " + typeName(v))
		}
		sep := ","
		if depth == 0 && v.Length() > 0 && v.Index(0).Type() == js.TypeObject {
			sep = ";"
		}
		parts := make([]string, v.Length())
		for i := range parts {
			s, err := text(v.Index(i), depth+1)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, sep), nil
	}
	return "", textError("needs a number, a string, a boolean or an array, not " + typeName(v))
}
