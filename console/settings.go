package console

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// userNamePattern is what a console user name may look like, as for
// `careerbot user add`.
var userNamePattern = regexp.MustCompile(`^[\p{L}\p{N}._@-]{1,64}$`)

// contact is the team's contact as the bot uses it: the console's
// setting, else the environment's.
func (s *Server) contact(ctx context.Context) bot.Contact {
	c, err := s.st.Contact(ctx, s.cfg.Engine.Contact)
	if err != nil {
		s.log.Warn("read contact settings", "err", err)
	}
	return c
}

type settingsData struct {
	Name, Contact       string // the console's own settings
	EnvName, EnvContact string
	EditorsPublish      bool
	EditorsPublishByEnv bool
	Users               []knowledge.User
	Roles               []Role
	Warnings            []string
	Problem             string
	Me                  string
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	s.showSettings(w, r, http.StatusOK, "")
}

func (s *Server) showSettings(w http.ResponseWriter, r *http.Request, status int, problem string) {
	ctx := r.Context()
	lang := pickLang(r)
	d := settingsData{EnvName: s.cfg.Engine.Contact.Name, EnvContact: s.cfg.Engine.Contact.Address,
		EditorsPublishByEnv: s.cfg.EditorsPublish, Roles: Roles, Problem: problem, Me: sessionFrom(ctx).Name}
	var err error
	for _, kv := range []struct {
		key string
		dst *string
	}{{knowledge.SettingRecruiterName, &d.Name}, {knowledge.SettingRecruiterContact, &d.Contact}} {
		if *kv.dst, err = s.st.Setting(ctx, kv.key); err != nil {
			s.internal(w, r, err)
			return
		}
	}
	v, err := s.st.Setting(ctx, settingEditorsPublish)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	d.EditorsPublish = v == "1"
	if d.Users, err = s.st.Users(ctx); err != nil {
		s.internal(w, r, err)
		return
	}
	c := s.contact(ctx)
	if c.Address == "" {
		d.Warnings = append(d.Warnings, translate(lang, "settings.nocontact"))
	}
	if c.Name == "" {
		d.Warnings = append(d.Warnings, translate(lang, "settings.noname"))
	}
	if len(s.cfg.EvalCases) == 0 {
		d.Warnings = append(d.Warnings, translate(lang, "eval.none"))
	}
	if !s.secure(r) {
		d.Warnings = append(d.Warnings, translate(lang, "settings.insecure"))
	}
	s.render(w, r, status, "settings", &pageData{Title: "nav.settings", Nav: "settings", Data: d})
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := strings.TrimSpace(r.PostFormValue("recruiter_name"))
	contact := strings.TrimSpace(r.PostFormValue("recruiter_contact"))
	if len(name) > 200 || len(contact) > 200 || strings.ContainsAny(name+contact, "{}\r\n") {
		s.showSettings(w, r, http.StatusUnprocessableEntity, translate(pickLang(r), "settings.badcontact"))
		return
	}
	publish := ""
	if r.PostFormValue("editors_publish") == "1" {
		publish = "1"
	}
	for key, v := range map[string]string{knowledge.SettingRecruiterName: name, knowledge.SettingRecruiterContact: contact, settingEditorsPublish: publish} {
		if err := s.st.SetSetting(ctx, key, v); err != nil {
			s.internal(w, r, err)
			return
		}
	}
	s.audit(r, "settings", "team", name+" / "+contact+" / editors publish "+publish)
	if s.cfg.ContactChanged != nil {
		s.cfg.ContactChanged(s.contact(ctx))
	}
	redirect(w, r, Prefix+"settings?done=settings")
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request) {
	lang := pickLang(r)
	name := strings.TrimSpace(r.PostFormValue("name"))
	role, err := ParseRole(r.PostFormValue("role"))
	switch {
	case !userNamePattern.MatchString(name):
		s.showSettings(w, r, http.StatusUnprocessableEntity, translate(lang, "settings.badname"))
		return
	case err != nil:
		s.showSettings(w, r, http.StatusUnprocessableEntity, translate(lang, "settings.badrole"))
		return
	case r.PostFormValue("password") != r.PostFormValue("password2"):
		s.showSettings(w, r, http.StatusUnprocessableEntity, translate(lang, "settings.pwmismatch"))
		return
	}
	hash, err := HashPassword(r.PostFormValue("password"))
	if errors.Is(err, ErrWeakPassword) {
		s.showSettings(w, r, http.StatusUnprocessableEntity, translate(lang, "settings.weak", MinPasswordLen))
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	err = s.st.AddUser(r.Context(), knowledge.User{Name: name, Role: string(role), PasswordHash: hash})
	if errors.Is(err, knowledge.ErrUserExists) {
		s.showSettings(w, r, http.StatusUnprocessableEntity, translate(lang, "settings.exists"))
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "user add", name, string(role))
	redirect(w, r, Prefix+"settings?done=useradded")
}

func (s *Server) changeUser(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := r.PathValue("name")
	if name == sessionFrom(ctx).Name {
		s.showSettings(w, r, http.StatusUnprocessableEntity, translate(pickLang(r), "settings.notself"))
		return
	}
	var err error
	action, detail := "user remove", ""
	if r.PostFormValue("remove") == "1" {
		err = s.st.RemoveUser(ctx, name)
	} else {
		role, perr := ParseRole(r.PostFormValue("role"))
		if perr != nil {
			s.showSettings(w, r, http.StatusUnprocessableEntity, translate(pickLang(r), "settings.badrole"))
			return
		}
		action, detail = "user role", string(role)
		err = s.st.SetRole(ctx, name, string(role))
	}
	if errors.Is(err, bot.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "err.nouser")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, action, name, detail)
	redirect(w, r, Prefix+"settings?done=userchanged")
}
