package sim

import "strings"

// View names one of the pictures the page can show.
type View uint8

// The views, in their default order.
const (
	View3D      View = iota // the 3D surface
	ViewContour             // the contour map
	ViewLoss                // the loss curves (and the sweep chart)
	ViewFit                 // the fit of the model to the data (data sets only)
	NumViews
)

var viewNames = [NumViews]string{"3d", "contour", "loss", "fit"}

func (v View) String() string {
	if v < NumViews {
		return viewNames[v]
	}
	return "view?"
}

// AllViews is the default set of views, in order.
var AllViews = []View{View3D, ViewContour, ViewLoss, ViewFit}

// parseViews reads "contour,loss".
func parseViews(text string) ([]View, error) {
	var out []View
	for _, name := range strings.Split(text, ",") {
		name = strings.TrimSpace(name)
		k := -1
		for i, n := range viewNames {
			if n == name {
				k = i
			}
		}
		if k < 0 {
			return nil, viewsSetting.Refuse(text, "is not a list of views")
		}
		for _, v := range out {
			if v == View(k) {
				return nil, viewsSetting.Refuse(text, "names "+name+" twice")
			}
		}
		out = append(out, View(k))
	}
	return out, nil
}
