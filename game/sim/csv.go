package sim

import (
	"strconv"
	"strings"

	"downhill/optim"
)

// CSVHeader is the first line of CSV's table.
const CSVHeader = "ball,optimizer,lr,gamma,beta1,beta2,batch,step,epoch,w,b,loss,dw,db"

// CSV returns every recorded point of every ball as a table, one row per
// point with the hyperparameters the ball uses (empty where its rule has
// none): its trail's points, then where it is now. loss, dw and db are the
// full-batch loss and gradient at the point (what the loss curve shows),
// whatever batch the ball's step used; epoch counts the passes over the
// data before the point (step / steps per epoch, the ball's own count for
// where it is now). A trail longer than MaxTrail points
// keeps every k-th step; a comment line before the table says which balls
// were thinned and to what, so a reader knows the rows are every k-th step.
// On the convergence map a second table follows, after a blank line and a
// comment line: the map's cells (MapCSVHeader, appendMapCSV).
func (w *World) CSV() string {
	var b strings.Builder
	for _, bl := range w.Balls {
		if bl.Trail.Stride > 1 {
			b.WriteString("# ball " + strconv.Itoa(bl.ID) + ": " + strconv.Itoa(bl.St.T) + " steps, thinned to every " +
				strconv.Itoa(bl.Trail.Stride) + "th step (the last row is where it is now)\n")
		}
	}
	b.WriteString(CSVHeader + "\n")
	data := w.Surf.Points() > 1
	for _, bl := range w.Balls {
		c := &bl.Cfg
		r := c.Rule
		var pre strings.Builder
		pre.WriteString(strconv.Itoa(bl.ID) + "," + r.String() + ",")
		if r != optim.LineSearch {
			pre.WriteString(exact(c.LR))
		}
		pre.WriteByte(',')
		if r == optim.Momentum || r == optim.NAG {
			if c.MomentumSchedule {
				pre.WriteString("schedule")
			} else {
				pre.WriteString(exact(c.Gamma))
			}
		}
		pre.WriteByte(',')
		if r == optim.Adam || r == optim.NAdam || r == optim.AMSGrad {
			pre.WriteString(exact(c.Beta1) + "," + exact(c.Beta2))
		} else {
			pre.WriteByte(',')
		}
		pre.WriteByte(',')
		if data {
			pre.WriteString(strconv.Itoa(c.Batch))
		}
		pre.WriteByte(',')
		head := pre.String()
		per := optim.StepsPerEpoch(w.Surf.Points(), c.Batch)
		row := func(step, epoch int, x, y float64) {
			gw, gb := w.Grad(x, y)
			b.WriteString(head)
			b.WriteString(strconv.Itoa(step) + "," + strconv.Itoa(epoch) + "," + exact(x) + "," + exact(y) + ",")
			b.WriteString(csvNum(w.Loss(x, y)) + "," + csvNum(gw) + "," + csvNum(gb) + "\n")
		}
		last := -1
		for _, p := range bl.Trail.Pts {
			row(int(p.Step), int(p.Step)/per, p.W, p.B)
			last = int(p.Step)
		}
		if bl.St.T != last {
			row(bl.St.T, bl.St.Epoch, bl.Pos[0], bl.Pos[1])
		}
	}
	if w.MapShown() {
		// On the convergence map, its grid follows, after a blank line.
		b.WriteByte('\n')
		w.appendMapCSV(&b)
	}
	return b.String()
}

// csvNum is a number for the table: empty where it is not finite.
func csvNum(v float64) string {
	if !finite(v) {
		return ""
	}
	return exact(v)
}
