package sim

import (
	"fmt"
	"strings"

	"downhill/optim"
)

// RGB is an opaque 8-bit colour.
type RGB [3]uint8

// Hex returns the colour as "#rrggbb".
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

// Palette gives each optimizer its colour: the lecture's GD black, momentum
// red and NAG blue, then colour-blind-safe hues of the Okabe-Ito palette.
var Palette = [optim.NumRules]RGB{
	optim.GD:         {0x00, 0x00, 0x00}, // black
	optim.Momentum:   {0xd5, 0x1e, 0x00}, // red (vermillion)
	optim.NAG:        {0x00, 0x62, 0xc8}, // blue
	optim.LineSearch: {0xcc, 0x79, 0xa7}, // reddish purple
	optim.Adagrad:    {0x00, 0x9e, 0x73}, // bluish green
	optim.RMSProp:    {0xe6, 0x9f, 0x00}, // orange
	optim.Adam:       {0x56, 0xb4, 0xe9}, // sky blue
	optim.NAdam:      {0xf0, 0xe4, 0x42}, // yellow
	optim.AMSGrad:    {0x99, 0x99, 0x99}, // grey
	optim.Newton:     {0xff, 0xff, 0xff}, // white
}

// colors names the palette's colours, for a ball's color setting.
var colors = [...]struct {
	name string
	rule optim.Rule
}{{"black", optim.GD}, {"red", optim.Momentum}, {"blue", optim.NAG}, {"purple", optim.LineSearch},
	{"green", optim.Adagrad}, {"orange", optim.RMSProp}, {"sky", optim.Adam}, {"yellow", optim.NAdam},
	{"grey", optim.AMSGrad}, {"white", optim.Newton}}

func colorByName(name string) (RGB, bool) {
	for _, c := range colors {
		if c.name == strings.TrimSpace(name) {
			return Palette[c.rule], true
		}
	}
	return RGB{}, false
}

func colorName(c RGB) string {
	for _, k := range colors {
		if Palette[k.rule] == c {
			return k.name
		}
	}
	return ""
}

func colorNames() []string {
	out := make([]string, len(colors))
	for i, c := range colors {
		out[i] = c.name
	}
	return out
}
