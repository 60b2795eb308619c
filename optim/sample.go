package optim

// StepsPerEpoch is the number of updates per pass over n data points with
// batch size batch: 1 for full batch (batch <= 0, batch >= n, or n above
// MaxPoints, which Step always treats as full batch), n for stochastic
// (batch 1), ceil(n/batch) for mini-batch.
//
// Stochastic and mini-batch descent are a property of the gradient, not of
// the rule: Step asks the objective for the gradient over a batch it draws
// itself. Every epoch is one pass over a fresh permutation of the n points,
// shuffled by Fisher–Yates with a [SplitMix64] kept in the State and
// seeded with Config.Seed when the sampler starts afresh (State.NPerm = 0).
// The epoch is cut into consecutive batches of B points; when B does not
// divide n the last batch of the epoch is shorter (n mod B points), as with
// PyTorch's DataLoader default (drop_last=False). Gradients are sums, so
// that short batch pushes less than a full one.
func StepsPerEpoch(n, batch int) int {
	if batch <= 0 || batch >= n || n > MaxPoints {
		return 1
	}
	return (n + batch - 1) / batch
}

// shuffle starts a new epoch: Perm[:n] becomes a uniformly random
// permutation of 0..n-1 and Pos goes back to its start.
func (st *State) shuffle(n int) {
	for i := 0; i < n; i++ {
		st.Perm[i] = uint8(i)
	}
	for i := n - 1; i > 0; i-- {
		j := st.Shuffle.Below(uint64(i + 1))
		st.Perm[i], st.Perm[j] = st.Perm[j], st.Perm[i]
	}
	st.NPerm, st.Pos = n, 0
}

// sample returns the next batch for a data set of n points (nil: all of
// them) and whether this batch completes an epoch.
func (st *State) sample(batch int, seed uint64, n int) ([]uint8, bool) {
	if batch <= 0 || batch >= n || n > MaxPoints {
		// A full-batch step is a whole epoch; it also completes any
		// shuffled epoch left half done by a change of batch size.
		st.Pos = st.NPerm
		return nil, true
	}
	if st.NPerm != n || st.Pos >= st.NPerm {
		if st.NPerm == 0 {
			st.Shuffle = SplitMix64(seed)
		}
		st.shuffle(n)
	}
	end := min(st.Pos+batch, n)
	b := st.Perm[st.Pos:end:end]
	st.Pos = end
	return b, end == n
}
