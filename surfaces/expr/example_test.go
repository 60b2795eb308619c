package expr_test

import (
	"errors"
	"fmt"

	"downhill/surfaces/expr"
)

func Example() {
	e, err := expr.Parse("(1-x)^2 + 100*(y-x^2)^2") // x, y: aliases of w, b
	if err != nil {
		fmt.Println(err)
		return
	}
	f, dw, db := e.Grad(1.5, -0.5)
	fmt.Println(e)
	fmt.Println(f, dw, db)
	// Output:
	// (1 - w)^2 + 100*(b - w^2)^2
	// 756.5 1651 -550
}

func ExampleExpr_Hessian() {
	e, _ := expr.Parse("w^2*b")
	f, dw, db, hww, hwb, hbb := e.Hessian(3, 2)
	fmt.Println(f, dw, db)
	fmt.Println(hww, hwb, hbb)
	// Output:
	// 18 12 9
	// 4 6 0
}

func ExampleExpr_Eval() {
	e, _ := expr.Parse("-w^2 + 2^-b") // -w^2 is -(w^2)
	fmt.Println(e.Eval(3, 1))
	// Output: -8.5
}

func ExampleParse_error() {
	_, err := expr.Parse("2w + 1")
	fmt.Println(err)
	var pe *expr.Error
	if errors.As(err, &pe) {
		fmt.Println(pe.Pos)
	}
	_, err = expr.Parse("max(w, (b)")
	fmt.Println(err)
	// Output:
	// at position 2: expected an operator but found "w" (implicit multiplication is not supported: write 2*w)
	// 2
	// at position 11: expected ")" but found end of input
}

func ExampleExpr_String() {
	e, _ := expr.Parse("x^2*(y) + -(.5) + max( 0x1p-2 ,1_000 )")
	fmt.Println(e)
	// Output: w^2*b + -0.5 + max(0.25, 1000)
}
