package main

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
)

var _ bot.Observer = (*metrics)(nil)

// metrics is serve's Prometheus instrumentation, on its own registry so
// tests can build as many as they like.
type metrics struct {
	reg         *prometheus.Registry
	questions   *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	feedback    *prometheus.CounterVec
	platformErr *prometheus.CounterVec
	limited     *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerbot_questions_total",
			Help: "Questions answered, by adapter, reply language and outcome (answer, clarify, fallback, greeting, ...).",
		}, []string{"adapter", "lang", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "careerbot_answer_seconds",
			Help:    "Time to compute an answer, by adapter.",
			Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .05, .25},
		}, []string{"adapter"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerbot_feedback_total",
			Help: "Feedback on answers, by adapter and outcome (helpful, unhelpful).",
		}, []string{"adapter", "outcome"}),
		platformErr: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerbot_platform_errors_total",
			Help: "Failed calls to a chat platform's API, by adapter, method and error code (429 for rate limits).",
		}, []string{"adapter", "method", "code"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerbot_rate_limited_total",
			Help: "Questions refused because their user was over the per-user rate limit, by adapter.",
		}, []string{"adapter"}),
	}
	m.reg.MustRegister(m.questions, m.latency, m.feedback, m.platformErr, m.limited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *metrics) ObserveAnswer(platform string, lang bot.Lang, kind bot.Kind, took time.Duration) {
	m.questions.WithLabelValues(platform, string(lang), string(kind)).Inc()
	m.latency.WithLabelValues(platform).Observe(took.Seconds())
}

func (m *metrics) ObserveRateLimited(platform string) {
	m.limited.WithLabelValues(platform).Inc()
}

func (m *metrics) ObserveFeedback(platform string, helpful bool) {
	outcome := "unhelpful"
	if helpful {
		outcome = "helpful"
	}
	m.feedback.WithLabelValues(platform, outcome).Inc()
}

func (m *metrics) ObservePlatformError(platform, method, code string) {
	m.platformErr.WithLabelValues(platform, method, code).Inc()
}

// watchInboxes adds the inbox gauges of every adapter that answers from
// an inbox: how many messages wait, and for how long the oldest has.
func (m *metrics) watchInboxes(adapters []bot.Adapter) {
	var rs []inboxOf
	for _, a := range adapters {
		if r, ok := a.(delivery.Reporter); ok {
			rs = append(rs, inboxOf{name: a.Name(), rt: r.Delivery()})
		}
	}
	if len(rs) > 0 {
		m.reg.MustRegister(inboxCollector(rs))
	}
}

type inboxOf struct {
	name string
	rt   *delivery.Runtime
}

var (
	inboxDepthDesc = prometheus.NewDesc("careerbot_inbox_depth",
		"Messages accepted from a platform and not yet answered, by adapter.", []string{"adapter"}, nil)
	inboxAgeDesc = prometheus.NewDesc("careerbot_inbox_oldest_age_seconds",
		"Age of the oldest message not yet answered, by adapter; 0 when none waits.", []string{"adapter"}, nil)
)

// inboxCollector reads the inboxes at scrape time.
type inboxCollector []inboxOf

func (c inboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- inboxDepthDesc
	ch <- inboxAgeDesc
}

func (c inboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, in := range c {
		st, err := in.rt.Stats(ctx)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(inboxDepthDesc, err)
			continue
		}
		age := 0.0
		if !st.Oldest.IsZero() {
			age = max(time.Since(st.Oldest).Seconds(), 0)
		}
		ch <- prometheus.MustNewConstMetric(inboxDepthDesc, prometheus.GaugeValue, float64(st.Depth), in.name)
		ch <- prometheus.MustNewConstMetric(inboxAgeDesc, prometheus.GaugeValue, age, in.name)
	}
}
