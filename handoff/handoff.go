// Package handoff passes a conversation from the bot to a person on the
// recruiting team. A person asks for a human (a button or words, in the
// web chat, a Telegram private chat or a Slack DM); the bot asks for
// consent, then posts a card with the conversation so far on the
// recruiters' desk (a Slack channel). A recruiter takes it and writes in
// the card's thread; the replies reach the person and the person's
// messages reach the thread, while the bot stays silent for that person.
// Thread messages that start with "note:" stay internal. Outside business
// hours, or when nobody takes the card within the wait limit, the person
// is told so honestly and gets the team's contact.
package handoff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/bot"
)

// The actions a person's buttons carry.
const (
	ActionRequest = "handoff:request" // talk to a person
	ActionConsent = "handoff:yes"     // pass the conversation on
	ActionDecline = "handoff:no"      // do not
)

// Defaults of Config.
const (
	DefaultWait       = 10 * time.Minute
	DefaultCheckEvery = 5 * time.Second
	// historyWindow is how far back the card shows the conversation.
	historyWindow = 2 * time.Hour
	// maxCardQuestions bounds the conversation on a card.
	maxCardQuestions = 20
	// NotePrefix starts a thread message that stays internal.
	NotePrefix = "note:"
)

// Person is someone chatting with the bot, as the hand-off needs them: to
// find their hand-off (Platform, User) and to deliver to them (Address).
type Person struct {
	Platform string
	// User is the pseudonym (bot.Pseudonymizer); never a raw id.
	User string
	// Address is where replies go on the platform (a web session id, a
	// Telegram chat id, a Slack team:DM channel). It is stored only while
	// the hand-off is open.
	Address string
	Lang    bot.Lang
	// Form is the German form of address; "" tells it from the text.
	Form bot.Form
}

// Message is what the hand-off says to a person.
type Message struct {
	// From is "bot" for the hand-off's own notices and "recruiter" for
	// what a recruiter wrote.
	From    string
	Text    string
	Lang    bot.Lang
	Actions []Action
	// Open says that the hand-off goes on after this message, so more
	// messages may follow (a web page keeps listening for them).
	Open bool
}

// Action is a button under a Message.
type Action struct {
	ID    string
	Label string
}

// Card is a hand-off as the recruiters' desk shows it.
type Card struct {
	ID       int64
	Platform string
	Lang     bot.Lang
	State    bot.HandoffState
	// Recruiter is who took it, as the desk names people ("" before).
	Recruiter string
	// Questions are the person's questions before the hand-off.
	Questions []bot.Question
	Opened    time.Time
	Wait      time.Duration
}

// Desk is where recruiters see and answer hand-offs.
type Desk interface {
	// Open posts a card and returns its thread.
	Open(ctx context.Context, c Card) (thread string, err error)
	// Update shows a card's new state.
	Update(ctx context.Context, thread string, c Card) error
	// Post writes a person's message into the card's thread.
	Post(ctx context.Context, thread, text string) error
}

// Outlet delivers messages to people on one platform.
type Outlet interface {
	Deliver(ctx context.Context, address string, m Message) error
}

// Config configures a Manager. Store and Desk are required.
type Config struct {
	Store bot.HandoffStore
	Desk  Desk
	// Hours are the business hours; the zero value is always open.
	Hours Hours
	// Wait is how long a card may wait to be taken (default 10 minutes).
	Wait time.Duration
	// CheckEvery is how often Run looks for cards that waited too long
	// (default: a tenth of Wait, at most 5 seconds).
	CheckEvery time.Duration
	// Contact is given to people when nobody can take over.
	Contact bot.Contact
	Logger  *slog.Logger
	Now     func() time.Time
}

// Manager runs the hand-offs. It is safe for concurrent use.
type Manager struct {
	cfg Config
	log *slog.Logger

	// mu orders the state changes: a take, a close and a timeout of the
	// same hand-off must not interleave.
	mu      sync.Mutex
	outlets map[string]Outlet
	// flow limits what one person can post into a thread, per hand-off
	// id; entries go when their hand-off ends.
	flow map[int64]*rate.Limiter
}

// Person messages a thread takes: a burst of personBurst, then one every
// personEvery. A person typing fast stays below it; a flood does not reach
// the recruiters (or Slack's per-channel limit).
const (
	personBurst = 10
	personEvery = 6 * time.Second
)

// New returns a Manager for cfg.
func New(cfg Config) (*Manager, error) {
	if cfg.Store == nil || cfg.Desk == nil {
		return nil, errors.New("handoff: a store and a desk are required")
	}
	if cfg.Wait <= 0 {
		cfg.Wait = DefaultWait
	}
	if cfg.CheckEvery <= 0 {
		// A tenth of the wait, so a timeout is late by little.
		cfg.CheckEvery = min(DefaultCheckEvery, max(cfg.Wait/10, 100*time.Millisecond))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Manager{cfg: cfg, log: cfg.Logger, outlets: make(map[string]Outlet), flow: make(map[int64]*rate.Limiter)}, nil
}

// Register makes o deliver to the people on platform. Adapters register
// before Run starts.
func (m *Manager) Register(platform string, o Outlet) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.outlets[platform] = o
}

// Run times out the cards nobody took, until ctx ends.
func (m *Manager) Run(ctx context.Context) error {
	t := time.NewTicker(m.cfg.CheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := m.Expire(ctx); err != nil && ctx.Err() == nil {
				m.log.Warn("hand-off timeout check failed", "err", err)
			}
		}
	}
}

// Hold reports whether p is in a hand-off that a recruiter has or will
// take, so that a button that would make the bot answer (a follow-up, a
// topic) must not; msg tells the person why.
func (m *Manager) Hold(ctx context.Context, p Person) (msg Message, held bool, err error) {
	h, open, err := m.cfg.Store.OpenHandoff(ctx, p.Platform, p.User)
	if err != nil || !open || h.State == bot.HandoffConsent {
		return Message{}, false, err
	}
	return m.sayOpen(h.Lang, h.Form, textHeld), true, nil
}

// HandleText is given every private message of a person before the bot
// answers it. It reports handled when the hand-off took the message: a
// message in an open hand-off goes to the recruiters' thread, a request
// for a person starts one, and "yes"/"no" answer the consent question.
// The replies are for the person, at once.
func (m *Manager) HandleText(ctx context.Context, p Person, text string) (replies []Message, handled bool, err error) {
	if p.Form == "" {
		p.Form = bot.FormOf(text)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h, open, err := m.cfg.Store.OpenHandoff(ctx, p.Platform, p.User)
	if err != nil {
		return nil, false, err
	}
	switch {
	case open && h.State == bot.HandoffConsent:
		switch consentAnswer(text) {
		case ActionConsent:
			return m.consent(ctx, h, p)
		case ActionDecline:
			return m.decline(ctx, h)
		}
		// Something else: the person moved on; the bot answers it.
		h.State, h.Closed = bot.HandoffDeclined, m.cfg.Now()
		return nil, false, m.cfg.Store.UpdateHandoff(ctx, h)
	case open:
		if !m.allow(h.ID) {
			return []Message{m.sayOpen(h.Lang, h.Form, textSlowDown)}, true, nil
		}
		return nil, true, m.fromPerson(ctx, h, text)
	case bot.AsksForPerson(text):
		r, err := m.request(ctx, p)
		return r, true, err
	}
	return nil, false, nil
}

// HandleAction is given a person's hand-off button (ActionRequest,
// ActionConsent, ActionDecline) and returns the replies for them.
func (m *Manager) HandleAction(ctx context.Context, p Person, action string) ([]Message, error) {
	if action != ActionRequest && action != ActionConsent && action != ActionDecline {
		return nil, fmt.Errorf("handoff: unknown action %q", action)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h, open, err := m.cfg.Store.OpenHandoff(ctx, p.Platform, p.User)
	if err != nil {
		return nil, err
	}
	switch {
	case action == ActionRequest && !open:
		return m.request(ctx, p)
	case action == ActionRequest:
		return []Message{m.sayOpen(p.Lang, p.Form, textAlreadyOpen)}, nil
	case !open || h.State != bot.HandoffConsent:
		return []Message{m.say(p.Lang, p.Form, textNoQuestion)}, nil
	case action == ActionConsent:
		r, _, err := m.consent(ctx, h, p)
		return r, err
	default:
		r, _, err := m.decline(ctx, h)
		return r, err
	}
}

// request starts a hand-off: the consent question within business hours,
// the honest "nobody is there" and the contact outside them.
func (m *Manager) request(ctx context.Context, p Person) ([]Message, error) {
	now := m.cfg.Now()
	h := bot.Handoff{Platform: p.Platform, User: p.User, Address: p.Address, Lang: orGerman(p.Lang), Form: p.Form, Created: now}
	if !m.cfg.Hours.Open(now) {
		h.State, h.Closed = bot.HandoffOffHours, now
		if _, err := m.cfg.Store.CreateHandoff(ctx, h); err != nil {
			return nil, err
		}
		m.log.Info("hand-off outside business hours", "platform", p.Platform)
		return []Message{m.say(h.Lang, h.Form, textOffHours)}, nil
	}
	h.State = bot.HandoffConsent
	if _, err := m.cfg.Store.CreateHandoff(ctx, h); err != nil {
		return nil, err
	}
	msg := m.say(h.Lang, h.Form, textConsent)
	msg.Actions = []Action{
		{ID: ActionConsent, Label: h.Lang.Pick("Ja, weitergeben", "Yes, pass it on")},
		{ID: ActionDecline, Label: h.Lang.Pick("Nein, lieber nicht", "No, thanks")},
	}
	return []Message{msg}, nil
}

// conversation is what the person asked before the card was posted.
func (m *Manager) conversation(ctx context.Context, h bot.Handoff) ([]bot.Question, error) {
	until := h.Opened
	if until.IsZero() {
		until = m.cfg.Now()
	}
	qs, err := m.cfg.Store.RecentQuestions(ctx, h.Platform, h.User, until.Add(-historyWindow))
	if err != nil {
		return nil, err
	}
	for len(qs) > 0 && qs[len(qs)-1].At.After(until) {
		qs = qs[:len(qs)-1]
	}
	if len(qs) > maxCardQuestions {
		qs = qs[len(qs)-maxCardQuestions:]
	}
	return qs, nil
}

// consent posts the card with the conversation so far.
func (m *Manager) consent(ctx context.Context, h bot.Handoff, p Person) ([]Message, bool, error) {
	h.State, h.Opened = bot.HandoffWaiting, m.cfg.Now()
	qs, err := m.conversation(ctx, h)
	if err != nil {
		return nil, true, err
	}
	if p.Address != "" {
		h.Address = p.Address // the freshest way to reach them
	}
	thread, err := m.cfg.Desk.Open(ctx, m.card(h, qs, ""))
	if err != nil {
		m.log.Error("hand-off card not posted", "err", err)
		h.State, h.Closed = bot.HandoffClosed, m.cfg.Now()
		if uerr := m.cfg.Store.UpdateHandoff(ctx, h); uerr != nil {
			return nil, true, errors.Join(err, uerr)
		}
		return []Message{m.say(h.Lang, h.Form, textDeskDown)}, true, nil
	}
	h.Thread = thread
	if err := m.cfg.Store.UpdateHandoff(ctx, h); err != nil {
		return nil, true, err
	}
	m.log.Info("hand-off waiting", "handoff", h.ID, "platform", h.Platform)
	return []Message{m.sayOpen(h.Lang, h.Form, textWaiting)}, true, nil
}

func (m *Manager) decline(ctx context.Context, h bot.Handoff) ([]Message, bool, error) {
	h.State, h.Closed = bot.HandoffDeclined, m.cfg.Now()
	if err := m.cfg.Store.UpdateHandoff(ctx, h); err != nil {
		return nil, true, err
	}
	return []Message{m.say(h.Lang, h.Form, textDeclined)}, true, nil
}

// allow takes one message of hand-off id from its person's allowance.
func (m *Manager) allow(id int64) bool {
	l := m.flow[id]
	if l == nil {
		l = rate.NewLimiter(rate.Every(personEvery), personBurst)
		m.flow[id] = l
	}
	return l.AllowN(m.cfg.Now(), 1)
}

// fromPerson passes a person's message to the card's thread.
func (m *Manager) fromPerson(ctx context.Context, h bot.Handoff, text string) error {
	text = bot.Clean(text)
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if err := m.cfg.Store.AddHandoffLine(ctx, h.ID, bot.HandoffLine{At: m.cfg.Now(), Sender: "person", Text: text}); err != nil {
		return err
	}
	return m.cfg.Desk.Post(ctx, h.Thread, text)
}

// Take marks the card in thread as taken by recruiter (in the desk's own
// naming) and tells the person.
func (m *Manager) Take(ctx context.Context, thread, recruiter string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok, err := m.cfg.Store.HandoffByThread(ctx, thread)
	if err != nil || !ok || h.State != bot.HandoffWaiting {
		return err // already taken, closed or timed out: nothing to do
	}
	return m.take(ctx, h, recruiter)
}

func (m *Manager) take(ctx context.Context, h bot.Handoff, recruiter string) error {
	h.State, h.Taken = bot.HandoffTaken, m.cfg.Now()
	if err := m.cfg.Store.UpdateHandoff(ctx, h); err != nil {
		return err
	}
	m.log.Info("hand-off taken", "handoff", h.ID, "waited_s", int(h.Taken.Sub(h.Opened).Seconds()))
	m.updateCard(ctx, h, recruiter)
	m.deliver(ctx, h, m.sayOpen(h.Lang, h.Form, textTaken))
	return nil
}

// FromRecruiter passes a recruiter's thread message to the person. A
// message that starts with NotePrefix stays internal; the first reply to
// a waiting card takes it.
func (m *Manager) FromRecruiter(ctx context.Context, thread, recruiter, text string) error {
	if IsNote(text) {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok, err := m.cfg.Store.HandoffByThread(ctx, thread)
	if err != nil || !ok || !h.State.Open() || h.State == bot.HandoffConsent {
		return err
	}
	if h.State == bot.HandoffWaiting {
		if err := m.take(ctx, h, recruiter); err != nil {
			return err
		}
	}
	if err := m.cfg.Store.AddHandoffLine(ctx, h.ID, bot.HandoffLine{At: m.cfg.Now(), Sender: "recruiter", Text: text}); err != nil {
		return err
	}
	m.deliver(ctx, h, Message{From: "recruiter", Text: text, Lang: h.Lang, Open: true})
	return nil
}

// IsNote reports whether a thread message stays internal.
func IsNote(text string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(text)), NotePrefix)
}

// Close ends the hand-off in thread: the card says so, the person is told
// that the bot answers again, and the delivery address is dropped.
func (m *Manager) Close(ctx context.Context, thread, recruiter string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok, err := m.cfg.Store.HandoffByThread(ctx, thread)
	if err != nil || !ok || !h.State.Open() {
		return err
	}
	// The store drops the address of a closed hand-off; h keeps it for
	// this last message.
	h.State, h.Closed = bot.HandoffClosed, m.cfg.Now()
	if err := m.cfg.Store.UpdateHandoff(ctx, h); err != nil {
		return err
	}
	delete(m.flow, h.ID)
	m.log.Info("hand-off closed", "handoff", h.ID)
	m.updateCard(ctx, h, recruiter)
	m.deliver(ctx, h, m.say(h.Lang, h.Form, textClosed))
	return nil
}

// Expire times out the cards that waited longer than the wait limit.
func (m *Manager) Expire(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	due, err := m.cfg.Store.WaitingSince(ctx, m.cfg.Now().Add(-m.cfg.Wait))
	if err != nil {
		return err
	}
	for _, h := range due {
		h.State, h.Closed = bot.HandoffTimedOut, m.cfg.Now()
		if err := m.cfg.Store.UpdateHandoff(ctx, h); err != nil {
			return err
		}
		delete(m.flow, h.ID)
		m.log.Info("hand-off timed out", "handoff", h.ID)
		m.updateCard(ctx, h, "")
		m.deliver(ctx, h, m.say(h.Lang, h.Form, textTimedOut))
	}
	return nil
}

func (m *Manager) card(h bot.Handoff, qs []bot.Question, recruiter string) Card {
	return Card{ID: h.ID, Platform: h.Platform, Lang: h.Lang, State: h.State, Recruiter: recruiter,
		Questions: qs, Opened: h.Opened, Wait: m.cfg.Wait}
}

// updateCard shows the new state on the desk; a failure is logged, as the
// state itself has changed.
func (m *Manager) updateCard(ctx context.Context, h bot.Handoff, recruiter string) {
	if h.Thread == "" {
		return
	}
	qs, err := m.conversation(ctx, h)
	if err != nil {
		m.log.Warn("hand-off conversation not read", "handoff", h.ID, "err", err)
	}
	if err := m.cfg.Desk.Update(ctx, h.Thread, m.card(h, qs, recruiter)); err != nil {
		m.log.Warn("hand-off card not updated", "handoff", h.ID, "err", err)
	}
}

// deliver sends msg to the person of h; a failure is logged: the
// recruiter sees no reply and can use the contact details they have.
func (m *Manager) deliver(ctx context.Context, h bot.Handoff, msg Message) {
	o := m.outlets[h.Platform]
	if o == nil || h.Address == "" {
		m.log.Warn("hand-off message not deliverable", "handoff", h.ID, "platform", h.Platform)
		return
	}
	if err := o.Deliver(ctx, h.Address, msg); err != nil {
		m.log.Warn("hand-off message not delivered", "handoff", h.ID, "platform", h.Platform, "err", err)
	}
}

// sayOpen is say for a message after which the hand-off goes on.
func (m *Manager) sayOpen(lang bot.Lang, form bot.Form, t text) Message {
	msg := m.say(lang, form, t)
	msg.Open = true
	return msg
}

func (m *Manager) say(lang bot.Lang, form bot.Form, t text) Message {
	lang = orGerman(lang)
	s := t.in(lang, form)
	s = strings.ReplaceAll(s, "{wait}", waitText(m.cfg.Wait, lang))
	s = strings.ReplaceAll(s, "{hours}", m.cfg.Hours.Text(lang))
	s = strings.ReplaceAll(s, "{reach}", bot.ContactText(m.cfg.Contact, lang, form))
	return Message{From: "bot", Text: s, Lang: lang}
}

func waitText(d time.Duration, lang bot.Lang) string {
	if d%time.Minute == 0 {
		n := int(d / time.Minute)
		if n == 1 {
			return lang.Pick("einer Minute", "one minute")
		}
		return fmt.Sprintf(lang.Pick("%d Minuten", "%d minutes"), n)
	}
	return d.String()
}

// consentAnswer reads a typed answer to the consent question.
func consentAnswer(text string) string {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(text), ".!")) {
	case "ja", "yes", "ok", "okay", "gerne", "ja gerne", "ja, gerne", "sure", "y", "j", "ja, weitergeben", "yes, pass it on":
		return ActionConsent
	case "nein", "no", "nee", "n", "lieber nicht", "no thanks", "no, thanks", "nein, lieber nicht":
		return ActionDecline
	}
	return ""
}

func orGerman(l bot.Lang) bot.Lang {
	if l == "" {
		return bot.German
	}
	return l
}
