package delivery

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// jobAlertKeep is how long the inbox remembers a job alert notification's
// key; the alert's sent record keeps it from going out again after that.
const jobAlertKeep = 30 * 24 * time.Hour

// JobAlertBody encodes a notification as the adapter's inbox body.
type JobAlertBody func(n *bot.JobAlertNote) ([]byte, error)

// QueueJobAlerts puts one notification per new matching posting and
// alert of platform into the inbox, then records it as sent: the runtime
// delivers it like an answer, and a crash between the two steps finds the
// inbox key taken on the next check, so the notification goes out once.
// conversation names a chat's conversation (a pseudonym).
func (r *Runtime) QueueJobAlerts(ctx context.Context, al bot.JobAlerts, platform string,
	conversation func(chat string) string, body JobAlertBody) error {
	notes, err := al.Pending(ctx, platform)
	if err != nil {
		return err
	}
	for _, n := range notes {
		b, err := body(&n)
		if err != nil {
			return err
		}
		if _, err := r.Accept(ctx, Message{
			Key:          "jobalert:" + strconv.FormatInt(n.AlertID, 10) + ":" + n.Job.ID,
			Conversation: conversation(n.Chat),
			Body:         b,
		}, jobAlertKeep); err != nil {
			return err
		}
		if err := al.MarkSent(ctx, n.AlertID, n.Job.ID); err != nil {
			return err
		}
	}
	if len(notes) > 0 {
		r.log.Info("job alerts queued", "count", len(notes))
	}
	return nil
}

// Every runs fn at once and then every interval until ctx ends, logging
// its errors as what failed.
func Every(ctx context.Context, interval time.Duration, log *slog.Logger, what string, fn func(context.Context) error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := fn(ctx); err != nil && ctx.Err() == nil {
			log.Warn(what+" failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
