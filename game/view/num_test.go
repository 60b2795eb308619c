package view

import "testing"

func TestAppendNumCases(t *testing.T) {
	for _, c := range []struct {
		v    float64
		d    int
		want string
	}{
		{0.07301, 3, "0.073"}, {300, 2, "300"}, {1.5e-5, 3, "1.5e-5"}, {1e-12, 3, "1e-12"}, {-2, 3, "-2"},
		{12345.678, 4, "12346"}, {2.5e6, 3, "2.5e6"}, {0, 3, "0"}, {1.23456, 3, "1.23"}, {-0.000123, 2, "-1.2e-4"},
	} {
		if got := string(AppendNum([]byte("x"), c.v, c.d)); got != "x"+c.want {
			t.Errorf("AppendNum(%v, %d) = %q, want %q", c.v, c.d, got, "x"+c.want)
		}
	}
}
