package bot

import (
	"context"
	"errors"
	"net/http"
)

// Adapter connects the bot to one chat platform. Run blocks until ctx is
// cancelled or the adapter fails; on cancellation it stops taking new
// messages, finishes the replies in flight within a bounded wait and
// returns nil.
type Adapter interface {
	Name() string
	Run(ctx context.Context) error
}

// HTTPAdapter is an Adapter that also receives requests on the server's
// HTTP listener (webhooks, Slack events). Routes registers its handlers.
type HTTPAdapter interface {
	Adapter
	Routes(mux *http.ServeMux)
}

// ReadyChecker is an Adapter that can tell whether it is connected and
// authenticated, for GET /readyz.
type ReadyChecker interface {
	Ready(ctx context.Context) error
}

// ErrNotFound is returned when a knowledge-base entry does not exist.
var ErrNotFound = errors.New("not found")
