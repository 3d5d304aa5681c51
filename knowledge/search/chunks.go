package search

import "iter"

// chunkLen is the number of items in one block of a chunks list.
const chunkLen = 4096

// chunks is an append-only list kept in fixed-size blocks. Building an
// index appends hundreds of thousands of postings whose number is not
// known beforehand; a slice would copy them at every doubling and briefly
// hold both copies, a chunks list never copies and wastes at most one
// block.
type chunks[T any] struct {
	blocks [][]T
	n      int
}

func (c *chunks[T]) add(v T) {
	if len(c.blocks) == 0 || len(c.blocks[len(c.blocks)-1]) == chunkLen {
		c.blocks = append(c.blocks, make([]T, 0, chunkLen))
	}
	last := &c.blocks[len(c.blocks)-1]
	*last = append(*last, v)
	c.n++
}

func (c *chunks[T]) len() int { return c.n }

// at returns the i-th item added.
func (c *chunks[T]) at(i int) T { return c.blocks[i/chunkLen][i%chunkLen] }

// all yields the items in the order they were added.
func (c *chunks[T]) all() iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, b := range c.blocks {
			for _, v := range b {
				if !yield(v) {
					return
				}
			}
		}
	}
}
