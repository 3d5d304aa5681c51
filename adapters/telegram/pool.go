package telegram

import (
	"context"
	"hash/fnv"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// job is one update to handle. done, when set, runs after it was handled.
type job struct {
	update tgbotapi.Update
	// once asks the worker to check the update_id with the Deduplicator
	// first (webhook deliveries may repeat).
	once bool
	done func()
}

// pool handles updates with a fixed number of workers. Updates of one chat
// go to the same worker, so a chat's messages are answered in order. Every
// queue is bounded.
type pool struct {
	shards []chan job
	handle func(context.Context, job)
	// drain makes workers finish the queued jobs on stop; otherwise they
	// leave them (polling refetches what it did not confirm).
	drain bool

	wg sync.WaitGroup
}

func newPool(workers, queue int, handle func(context.Context, job)) *pool {
	p := &pool{shards: make([]chan job, workers), handle: handle}
	for i := range p.shards {
		p.shards[i] = make(chan job, queue)
	}
	return p
}

// start runs the workers. They take jobs until intake is done and handle
// them with ctx, which outlives intake so replies in flight can finish.
func (p *pool) start(ctx, intake context.Context) {
	for _, ch := range p.shards {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.work(ctx, intake, ch)
		}()
	}
}

func (p *pool) work(ctx, intake context.Context, ch chan job) {
	for {
		select {
		case <-intake.Done():
			if p.drain {
				p.drainQueue(ctx, ch)
			}
			return
		case j := <-ch:
			if intake.Err() != nil && !p.drain {
				return // stopped while the job waited; it stays unconfirmed
			}
			p.handle(ctx, j)
		}
	}
}

func (p *pool) drainQueue(ctx context.Context, ch chan job) {
	for {
		select {
		case j := <-ch:
			p.handle(ctx, j)
		default:
			return
		}
	}
}

// submit queues j, waiting for room until ctx is done.
func (p *pool) submit(ctx context.Context, j job) error {
	select {
	case p.shard(j.update) <- j:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// trySubmit queues j if there is room.
func (p *pool) trySubmit(j job) bool {
	select {
	case p.shard(j.update) <- j:
		return true
	default:
		return false
	}
}

func (p *pool) shard(u tgbotapi.Update) chan job {
	h := fnv.New32a()
	h.Write([]byte(strconv.FormatInt(chatKey(u), 10)))
	return p.shards[int(h.Sum32()%uint32(len(p.shards)))]
}

// wait waits for the workers, which stop once intake is done: first up
// to grace for the jobs in flight (and, with drain, the queued ones), then
// it cancels the handlers' context and waits for them to return.
func (p *pool) wait(grace time.Duration, cancel context.CancelFunc) {
	finished := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(finished)
	}()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-finished:
	case <-t.C:
		cancel()
		<-finished
	}
}

// chatKey is the chat an update belongs to, for ordering; inline queries
// belong to their user.
func chatKey(u tgbotapi.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		return u.CallbackQuery.From.ID
	case u.InlineQuery != nil && u.InlineQuery.From != nil:
		return u.InlineQuery.From.ID
	}
	return int64(u.UpdateID)
}
