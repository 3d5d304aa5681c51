package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for the zero values of Config.
const (
	DefaultWorkers         = 8
	DefaultPerConversation = 4
	DefaultCapacity        = 256
	DefaultHandleTimeout   = 90 * time.Second
	DefaultDrainTimeout    = 10 * time.Second
	DefaultMaxAttempts     = 5
	DefaultStuckAfter      = 5 * time.Minute
	// LateAfter is how long a message may wait before its answer starts
	// with an apology for the delay.
	LateAfter = 10 * time.Minute
)

// ErrStuck is reported by Ready when messages wait and none is answered.
var ErrStuck = errors.New("inbox stuck")

// Handler answers one message. The inbox marks the message done when the
// handler returns, unless the runtime was stopped hard while it ran: then
// the message is answered again on the next start. A handler must not
// retry on its own beyond the Retrier's policy.
type Handler func(ctx context.Context, m Message)

// Config configures a Runtime. Adapter, Inbox and Handle are required.
type Config struct {
	Adapter string
	Inbox   Inbox
	Handle  Handler
	Logger  *slog.Logger
	// Workers answer at once; conversations run in parallel, the
	// messages of one conversation one after another.
	Workers int
	// PerConversation and Capacity bound the messages held in memory, per
	// conversation and in all; the rest wait in the inbox.
	PerConversation int
	Capacity        int
	// HandleTimeout is the deadline of one message.
	HandleTimeout time.Duration
	// DrainTimeout bounds the work after Run's context ends: messages
	// not answered by then stay in the inbox for the next start.
	DrainTimeout time.Duration
	// MaxAttempts gives up a message that was claimed this often, such
	// as one that keeps crashing the process.
	MaxAttempts int
	// StuckAfter is how old the oldest waiting message may get while no
	// message is answered before Ready reports ErrStuck.
	StuckAfter time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Runtime answers the messages of one adapter from its inbox.
type Runtime struct {
	cfg  Config
	log  *slog.Logger
	wake chan struct{}

	mu      sync.Mutex
	cond    *sync.Cond
	queues  map[string][]Message // claimed, not started, by conversation
	busy    map[string]bool      // conversations with a message in a worker
	ready   []string             // conversations with a queue and no busy worker
	held    int                  // messages claimed and not finished
	closing bool

	running  atomic.Bool
	progress atomic.Int64 // unix nanoseconds of the last finished message
}

// New returns a Runtime for cfg; Run starts it.
func New(cfg Config) (*Runtime, error) {
	if cfg.Adapter == "" || cfg.Inbox == nil || cfg.Handle == nil {
		return nil, errors.New("delivery: adapter name, inbox and handler are required")
	}
	cfg.Workers = or(cfg.Workers, DefaultWorkers)
	cfg.PerConversation = or(cfg.PerConversation, DefaultPerConversation)
	cfg.Capacity = max(or(cfg.Capacity, DefaultCapacity), cfg.Workers)
	cfg.HandleTimeout = or(cfg.HandleTimeout, DefaultHandleTimeout)
	cfg.DrainTimeout = or(cfg.DrainTimeout, DefaultDrainTimeout)
	cfg.MaxAttempts = or(cfg.MaxAttempts, DefaultMaxAttempts)
	cfg.StuckAfter = or(cfg.StuckAfter, DefaultStuckAfter)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	r := &Runtime{cfg: cfg, log: cfg.Logger, wake: make(chan struct{}, 1),
		queues: map[string][]Message{}, busy: map[string]bool{}}
	r.cond = sync.NewCond(&r.mu)
	r.progress.Store(cfg.Now().UnixNano())
	return r, nil
}

func or[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Accept stores m in the inbox and reports whether it is new; a
// redelivery of a stored key is not. Only after Accept returned without
// error may the adapter tell the platform the message arrived. keep is how
// long the key is remembered after the answer, to recognise redeliveries.
func (r *Runtime) Accept(ctx context.Context, m Message, keep time.Duration) (bool, error) {
	m.Adapter = r.cfg.Adapter
	if m.Received.IsZero() {
		m.Received = r.cfg.Now()
	}
	fresh, err := r.cfg.Inbox.Enqueue(ctx, m, keep)
	if err != nil {
		return false, err
	}
	if fresh {
		r.notify()
	}
	return fresh, nil
}

func (r *Runtime) notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run resumes the inbox in order and answers until ctx ends. Then it keeps
// answering for at most DrainTimeout, cancels what still runs and leaves
// the rest in the inbox. It fails only when the inbox cannot be opened.
// A Runtime runs once: a restart is a new Runtime.
func (r *Runtime) Run(ctx context.Context) error {
	// Even when stopped at once, what waits is drained as usual.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	err := r.cfg.Inbox.Release(sctx, r.cfg.Adapter)
	cancel()
	if err != nil {
		return fmt.Errorf("resume %s inbox: %w", r.cfg.Adapter, err)
	}
	r.running.Store(true)
	defer r.running.Store(false)
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	var wg sync.WaitGroup
	for range r.cfg.Workers {
		wg.Go(func() { r.work(work) })
	}
	r.dispatch(ctx, false)

	// Drain: keep answering what is in the inbox, new arrivals included,
	// until it is empty or the drain time is up.
	drain, cancelDrain := context.WithTimeout(context.WithoutCancel(ctx), r.cfg.DrainTimeout)
	defer cancelDrain()
	r.dispatch(drain, true)
	r.mu.Lock()
	r.closing = true
	left := r.held
	r.cond.Broadcast()
	r.mu.Unlock()
	if drain.Err() != nil {
		r.log.Warn("drain time over; unanswered messages stay in the inbox", "in_memory", left, "timeout", r.cfg.DrainTimeout)
		cancelWork()
	}
	wg.Wait()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := r.cfg.Inbox.Release(rctx, r.cfg.Adapter); err != nil {
		r.log.Warn("releasing claimed messages failed; the next start does it", "err", err)
	}
	return nil
}

// dispatch claims messages while there is room, until ctx ends. In a
// drain it returns as soon as nothing is held or waiting.
func (r *Runtime) dispatch(ctx context.Context, drain bool) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		got, err := r.claim(ctx)
		if err != nil && ctx.Err() == nil {
			r.log.Warn("claiming messages failed; retrying", "err", err)
		}
		if drain && err == nil && got == 0 && r.idle() {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-tick.C:
		}
	}
}

func (r *Runtime) idle() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.held == 0
}

// claim fills the memory queues from the inbox and returns how many
// messages it claimed.
func (r *Runtime) claim(ctx context.Context) (int, error) {
	total := 0
	for {
		r.mu.Lock()
		room := r.cfg.Capacity - r.held
		var skip []string
		for c, q := range r.queues {
			if len(q) >= r.cfg.PerConversation {
				skip = append(skip, c)
			}
		}
		r.mu.Unlock()
		if room <= 0 {
			return total, nil
		}
		ms, err := r.cfg.Inbox.Claim(ctx, r.cfg.Adapter, room, skip)
		if err != nil {
			return total, err
		}
		total += len(ms)
		r.mu.Lock()
		for _, m := range ms {
			r.held++
			c := m.Conversation
			r.queues[c] = append(r.queues[c], m)
			if len(r.queues[c]) == 1 && !r.busy[c] {
				r.ready = append(r.ready, c)
			}
		}
		r.cond.Broadcast()
		r.mu.Unlock()
		if len(ms) < room {
			return total, nil
		}
	}
}

// take waits for a conversation with work and returns its next message.
func (r *Runtime) take() (Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.ready) == 0 && !r.closing {
		r.cond.Wait()
	}
	if r.closing {
		return Message{}, false
	}
	c := r.ready[0]
	r.ready = r.ready[1:]
	q := r.queues[c]
	m := q[0]
	if len(q) == 1 {
		delete(r.queues, c)
	} else {
		r.queues[c] = q[1:]
	}
	r.busy[c] = true
	return m, true
}

// finish frees m's conversation for its next message.
func (r *Runtime) finish(m Message) {
	r.mu.Lock()
	c := m.Conversation
	delete(r.busy, c)
	r.held--
	if len(r.queues[c]) > 0 {
		r.ready = append(r.ready, c)
		r.cond.Signal()
	}
	r.mu.Unlock()
	r.progress.Store(r.cfg.Now().UnixNano())
	r.notify()
}

func (r *Runtime) work(ctx context.Context) {
	for {
		m, ok := r.take()
		if !ok {
			return
		}
		r.run(ctx, m)
		r.finish(m)
	}
}

// run handles one message with its deadline and panic recovery, and marks
// it done unless the runtime was stopped hard meanwhile.
func (r *Runtime) run(work context.Context, m Message) {
	log := r.log.With("inbox_id", m.ID)
	if m.Attempts > r.cfg.MaxAttempts {
		log.Error("message given up after too many attempts", "attempts", m.Attempts-1)
		r.done(work, m)
		return
	}
	r.Process(work, m)
	if work.Err() != nil {
		log.Warn("stopped while handling a message; it is answered after the next start")
		return
	}
	r.done(work, m)
}

// Process handles m as a worker does, with its deadline and panic
// recovery, but leaves the inbox alone: for tests of a Handler.
func (r *Runtime) Process(ctx context.Context, m Message) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.HandleTimeout)
	defer cancel()
	if !m.Received.IsZero() && r.cfg.Now().Sub(m.Received) > LateAfter {
		ctx = context.WithValue(ctx, lateKey{}, true)
	}
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("panic while handling a message", "inbox_id", m.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	r.cfg.Handle(ctx, m)
}

func (r *Runtime) done(ctx context.Context, m Message) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := r.cfg.Inbox.Done(ctx, m.ID); err != nil {
		r.log.Error("marking a message answered failed; it may be answered again after a restart", "inbox_id", m.ID, "err", err)
	}
}

type lateKey struct{}

// Late reports whether the message handled with ctx waited longer than
// LateAfter, so its answer should apologise for the delay.
func Late(ctx context.Context) bool {
	l, _ := ctx.Value(lateKey{}).(bool)
	return l
}

// Stats reports the inbox's depth and the age of its oldest message.
func (r *Runtime) Stats(ctx context.Context) (Stats, error) {
	return r.cfg.Inbox.Stats(ctx, r.cfg.Adapter)
}

// Ready reports ErrStuck when the oldest unanswered message is older than
// StuckAfter and no message was answered for as long: the workers are
// stopped, hanging or failing.
func (r *Runtime) Ready(ctx context.Context) error {
	st, err := r.Stats(ctx)
	if err != nil {
		return err
	}
	now := r.cfg.Now()
	if st.Depth == 0 || now.Sub(st.Oldest) <= r.cfg.StuckAfter {
		return nil
	}
	if r.running.Load() && now.Sub(time.Unix(0, r.progress.Load())) <= r.cfg.StuckAfter {
		return nil
	}
	return fmt.Errorf("%w: %d waiting, the oldest for %s", ErrStuck, st.Depth, now.Sub(st.Oldest).Round(time.Second))
}

// Reporter is implemented by adapters that answer from an inbox, for
// /metrics and /readyz.
type Reporter interface {
	Delivery() *Runtime
}
