package slack

import (
	"context"
	"errors"
	"sync"
)

var (
	// errQueueFull means the work queue is full: the request was
	// acknowledged but will not be answered.
	errQueueFull = errors.New("work queue full")
	// errStopped means the adapter is shutting down and takes no new work.
	errStopped = errors.New("adapter stopping")
)

// job is one piece of work taken from Slack: an event, a slash command or
// an interaction. It runs on a worker with its own deadline.
type job struct {
	kind string // for logs: "event", "command", "interaction"
	id   string // event id, trigger id or action ts, for logs
	run  func(ctx context.Context)
}

// pool is a fixed set of workers behind a bounded queue. Requests are
// acknowledged to Slack as soon as they are queued; the workers answer.
type pool struct {
	mu     sync.Mutex
	closed bool
	queue  chan job
	wg     sync.WaitGroup
}

func newPool(size int) *pool {
	return &pool{queue: make(chan job, size)}
}

// submit queues j without blocking.
func (p *pool) submit(j job) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errStopped
	}
	select {
	case p.queue <- j:
		return nil
	default:
		return errQueueFull
	}
}

// start runs n workers that pass each job to do until the queue is
// closed and empty.
func (p *pool) start(n int, do func(job)) {
	for range n {
		p.wg.Go(func() {
			for j := range p.queue {
				do(j)
			}
		})
	}
}

// close stops taking jobs. The workers finish what is queued.
func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.queue)
	}
}

// wait blocks until the workers are done or ctx ends, and reports whether
// they finished.
func (p *pool) wait(ctx context.Context) bool {
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// pending is the number of queued jobs not yet taken by a worker.
func (p *pool) pending() int { return len(p.queue) }
