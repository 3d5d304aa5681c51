package telegram

import (
	"context"

	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/delivery"
)

// outLimiter paces outgoing messages below Telegram's limits: about one
// message per second per chat, 20 per minute per group and 30 per second
// overall.
type outLimiter struct {
	global *rate.Limiter
	chats  *delivery.Limiter
	groups *delivery.Limiter
}

func newOutLimiter(l Limits) *outLimiter {
	burst := 1 // a second's worth of messages, for modest finite limits
	if l.Global > 1 && l.Global < 1000 {
		burst = int(l.Global)
	}
	return &outLimiter{
		global: rate.NewLimiter(l.Global, burst),
		chats:  delivery.NewLimiter(l.PerChat, 1),
		groups: delivery.NewLimiter(l.PerGroup, 1),
	}
}

// wait blocks until a message to chat may be sent. chat "" (answers to
// callback and inline queries) only counts towards the global limit.
func (l *outLimiter) wait(ctx context.Context, chat string, group bool) error {
	if chat != "" {
		if err := l.chats.Wait(ctx, chat); err != nil {
			return err
		}
		if group {
			if err := l.groups.Wait(ctx, chat); err != nil {
				return err
			}
		}
	}
	return l.global.Wait(ctx)
}
