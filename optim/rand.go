package optim

// SplitMix64 is the one seeded generator of Downhill (Steele, Lea and Flood
// 2014, with Vigna's reference constants): the per-epoch shuffles of
// stochastic and mini-batch runs, the sparse data set, random search and the
// quiz all draw from it, so a seed means the same thing everywhere. Its
// value is its whole state: copy it to snapshot it. The zero value is a
// valid generator (seed 0).
type SplitMix64 uint64

// Next returns the next 64 random bits.
func (s *SplitMix64) Next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Float64 returns a uniform number in [0, 1) with 53 random bits.
func (s *SplitMix64) Float64() float64 { return float64(s.Next()>>11) / (1 << 53) }

// Below returns a uniformly distributed integer in [0, n), n > 0, rejecting
// the few outputs that would bias a plain modulo.
func (s *SplitMix64) Below(n uint64) uint64 {
	threshold := -n % n // 2^64 mod n
	for {
		if r := s.Next(); r >= threshold {
			return r % n
		}
	}
}
