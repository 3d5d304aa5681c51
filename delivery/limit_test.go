package delivery

import (
	"context"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestLimiterStaysBounded(t *testing.T) {
	l := NewLimiter(rate.Every(time.Hour), 1)
	ctx := context.Background()
	for i := range 3 * maxLimiters {
		if err := l.Wait(ctx, "C"+string(rune(0x1000+i))); err != nil {
			t.Fatal(err)
		}
	}
	if n := l.Len(); n > maxLimiters {
		t.Fatalf("%d limiters kept, bound is %d", n, maxLimiters)
	}
}

func TestLimiterSpacesPerDestination(t *testing.T) {
	l := NewLimiter(rate.Every(time.Hour), 1)
	ctx, cancel := context.WithCancel(context.Background())
	if err := l.Wait(ctx, "C1"); err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(ctx, "C2"); err != nil {
		t.Fatal("another destination must not wait:", err)
	}
	cancel()
	if err := l.Wait(ctx, "C1"); err == nil {
		t.Fatal("a second message to C1 within the hour did not wait")
	}
}
