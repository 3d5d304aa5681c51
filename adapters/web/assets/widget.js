/* careerbot web chat widget. Embed with
 *   <script src="https://BOT/widget.js" data-lang="de" defer></script>
 * Until the launcher is clicked it makes no request, sets no cookie and
 * writes no storage. The conversation lives in sessionStorage (written only
 * after the person opened the chat), so it survives a reload and is gone
 * when the tab closes. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.querySelector("[data-careerbot-widget]")) return;

  var CSS = /*CSS*/"";
  var base = script.src.replace(/\/widget\.js(\?.*)?$/, "");
  var KEY = "careerbot.chat";
  // Thumbs as icons rather than emoji, which not every system can draw.
  var THUMB_UP = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";
  var THUMB_DOWN = "M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z";
  var T = {
    de: {
      launch: "Fragen zur Karriere?", title: "Karriere-Assistent", close: "Chat schließen",
      notice: "Automatischer Assistent, kein Mensch. Deine Fragen werden pseudonym gespeichert.",
      privacy: "Datenschutz", log: "Unterhaltung", you: "Du:", bot: "Assistent:",
      label: "Deine Frage", placeholder: "Frage stellen …", send: "Senden",
      person: "Mit einer Person sprechen", more: "Weiterführende Fragen",
      helpful: "War die Antwort hilfreich?", up: "Ja, hilfreich", down: "Nein, nicht hilfreich",
      typing: "Assistent schreibt …", failed: "Das hat nicht geklappt. Bitte versuche es noch einmal.",
      refused: "Der Chat ist auf dieser Seite nicht freigeschaltet.",
      limited: "Das waren viele Nachrichten auf einmal. Bitte warte eine Minute.",
      team: "Recruiting-Team", choose: "Antwort wählen", toTeam: "Nachricht an das Recruiting-Team …"
    },
    en: {
      launch: "Career questions?", title: "Career assistant", close: "Close chat",
      notice: "An automated assistant, not a person. Your questions are stored under a pseudonym.",
      privacy: "Privacy", log: "Conversation", you: "You:", bot: "Assistant:",
      label: "Your question", placeholder: "Ask a question …", send: "Send",
      person: "Talk to a person", more: "Follow-up questions",
      helpful: "Was this answer helpful?", up: "Yes, helpful", down: "No, not helpful",
      typing: "Assistant is typing …", failed: "That did not work. Please try again.",
      refused: "The chat is not enabled on this site.",
      limited: "That was a lot of messages at once. Please wait a minute.",
      team: "Recruiting team", choose: "Choose an answer", toTeam: "Message to the recruiting team …"
    }
  };
  var lang = pickLang(script.getAttribute("data-lang") || navigator.language || "");
  var t = T[lang];
  var state = load(); // null until the person opens the chat
  if (state && T[state.lang]) { lang = state.lang; t = T[lang]; }

  function pickLang(s) { return /^de\b/i.test(s) ? "de" : "en"; }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  // The DOM is built at once, panel hidden, so that the role="log" live
  // region exists before the first message arrives.
  var host = el("div", { "data-careerbot-widget": "" });
  var root = host.attachShadow({ mode: "open" });
  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.appendChild(el("style", {}, CSS));
  }

  var launcher = el("button", { type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "cb-panel" });
  launcher.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
  launcher.appendChild(el("span", {}, t.launch));

  var panel = el("div", { id: "cb-panel", "class": "panel", role: "dialog", "aria-labelledby": "cb-title", "aria-describedby": "cb-notice", lang: lang });
  panel.hidden = true;
  var head = el("div", { "class": "head" });
  head.appendChild(el("h2", { id: "cb-title" }, t.title));
  var closeBtn = el("button", { type: "button", "class": "close", "aria-label": t.close }, "×");
  head.appendChild(closeBtn);
  var notice = el("p", { id: "cb-notice", "class": "notice" }, t.notice + " ");
  notice.appendChild(el("a", { href: base + "/privacy", target: "_blank", rel: "noopener" }, t.privacy));
  var log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-label": t.log, tabindex: "0" });
  var typing = el("p", { "class": "typing", "aria-hidden": "true" }, t.typing);
  typing.hidden = true;
  var form = el("form", { "class": "composer" });
  form.appendChild(el("label", { "for": "cb-input", "class": "sr-only" }, t.label));
  var input = el("input", { id: "cb-input", type: "text", maxlength: "1000", autocomplete: "off", placeholder: t.placeholder });
  form.appendChild(input);
  form.appendChild(el("button", { type: "submit", "class": "send" }, t.send));
  var foot = el("div", { "class": "foot" });
  var personBtn = el("button", { type: "button", "class": "person" }, t.person);
  foot.appendChild(personBtn);
  [head, notice, log, typing, form, foot].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launcher);
  root.appendChild(panel);
  (document.body || document.documentElement).appendChild(host);

  if (state) {
    state.messages.forEach(function (m) { log.appendChild(render(m)); });
    if (state.open) show(false);
    placeholder();
    listen();
  }

  launcher.addEventListener("click", function () { panel.hidden ? show(true) : hide(); });
  closeBtn.addEventListener("click", hide);
  // On small screens the panel covers the page: it is then modal, and Tab
  // stays inside it, so focus never lands on something hidden behind it.
  var small = window.matchMedia ? window.matchMedia("(max-width: 600px), (max-height: 500px)") : null;
  function fullScreen() { return !!(small && small.matches); }
  root.addEventListener("keydown", function (ev) {
    if (panel.hidden) return;
    if (ev.key === "Escape") { ev.preventDefault(); hide(); return; }
    if (ev.key !== "Tab" || !fullScreen()) return;
    var items = Array.prototype.filter.call(panel.querySelectorAll("button, a[href], input, [tabindex='0']"),
      function (e) { return e.offsetParent !== null; });
    if (!items.length) return;
    var first = items[0], last = items[items.length - 1];
    if (ev.shiftKey && root.activeElement === first) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && root.activeElement === last) { ev.preventDefault(); first.focus(); }
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    add({ who: "user", text: text });
    send("/web/v1/message", { text: text, lang: lang });
  });
  personBtn.addEventListener("click", function () {
    add({ who: "user", text: t.person });
    send("/web/v1/message", { action: "person", lang: lang });
  });

  function show(focus) {
    panel.hidden = false;
    panel.setAttribute("aria-modal", String(fullScreen()));
    launcher.setAttribute("aria-expanded", "true");
    if (focus) input.focus();
    if (!state) {
      state = { lang: lang, token: "", open: true, messages: [] };
      save();
      startSession();
    } else if (!state.open) {
      state.open = true;
      save();
    }
    scrollDown();
  }

  function hide() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
    if (state) { state.open = false; save(); }
  }

  function startSession() {
    return call("/web/v1/session", { lang: lang }, false).then(function (res) {
      if (!res) return false;
      state.token = res.token;
      save();
      (res.replies || []).forEach(function (r) { add({ who: "bot", reply: r }); });
      return true;
    });
  }

  // send posts a message and shows the replies; a session that expired is
  // renewed once.
  function send(path, body) {
    var attempt = state.token ? Promise.resolve(true) : startSession();
    return attempt.then(function (ok) {
      if (!ok) return;
      return call(path, body, true).then(function (res) {
        if (res === "expired") {
          state.token = "";
          return startSession().then(function (ok2) { return ok2 ? call(path, body, true) : null; });
        }
        return res;
      }).then(function (res) {
        if (res && res.replies) res.replies.forEach(receive);
        listen();
        return res;
      });
    });
  }

  function call(path, body, auth) {
    var headers = { "Content-Type": "application/json" };
    if (auth) headers.Authorization = "Bearer " + state.token;
    typing.hidden = false;
    return fetch(base + path, { method: "POST", headers: headers, body: JSON.stringify(body), credentials: "omit", mode: "cors" })
      .then(function (resp) {
        if (resp.status === 401 && auth) return "expired";
        if (resp.status === 429) { fail(t.limited); return null; }
        if (resp.status === 403) { fail(t.refused); return null; }
        if (!resp.ok) { fail(t.failed); return null; }
        return resp.json();
      }, function () { fail(t.failed); return null; })
      .then(function (res) { typing.hidden = true; return res; });
  }

  function fail(text) { add({ who: "bot", error: true, text: text }); }

  // receive shows a reply; hand-off replies say whether to keep listening
  // for messages from the recruiting team.
  function receive(r) {
    add({ who: r.kind === "recruiter" ? "recruiter" : "bot", reply: r });
    if (r.kind === "handoff" || r.kind === "recruiter") state.listen = !!r.listen;
    save();
    placeholder();
  }

  // While a hand-off is open, what the person types goes to the team.
  function placeholder() { input.setAttribute("placeholder", state && state.listen ? t.toTeam : t.placeholder); }

  // listen long-polls for the recruiting team's messages while a hand-off
  // is open. Nothing polls otherwise.
  var polling = false;
  function listen() {
    if (polling || !state || !state.listen || !state.token) return;
    polling = true;
    fetch(base + "/web/v1/events?after=" + (state.after || 0), { headers: { Authorization: "Bearer " + state.token }, credentials: "omit", mode: "cors" })
      .then(function (resp) {
        if (resp.status === 401) { state.listen = false; return null; }
        return resp.ok ? resp.json() : null;
      }, function () { return null; })
      .then(function (res) {
        polling = false;
        if (res && res.events) res.events.forEach(function (e) { state.after = e.id; receive(e.reply); });
        save();
        if (state.listen) setTimeout(listen, res ? 0 : 5000);
      });
  }

  function add(m) {
    state.messages.push(m);
    if (state.messages.length > 200) state.messages.splice(0, state.messages.length - 200);
    save();
    var node = render(m);
    log.appendChild(node);
    // A bot reply is read from its start; the person's own message only
    // needs to be in view.
    if (m.who === "bot" && node.offsetTop < log.scrollHeight - log.clientHeight) {
      log.scrollTop = node.offsetTop - 8;
    } else {
      scrollDown();
    }
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function render(m) {
    var box = el("div", { "class": "msg " + (m.who === "user" ? "user" : "bot") + (m.who === "recruiter" ? " recruiter" : "") + (m.error ? " error" : "") });
    if (m.who === "recruiter") {
      box.appendChild(el("strong", { "class": "from" }, t.team + ":"));
    } else {
      box.appendChild(el("span", { "class": "sr-only" }, m.who === "user" ? t.you : t.bot));
    }
    if (!m.reply) {
      box.appendChild(el("p", {}, m.text));
      return box;
    }
    var r = m.reply;
    if (r.lang && r.lang !== lang) box.setAttribute("lang", r.lang);
    markup(r.text || "", box);
    if (r.suggestions && r.suggestions.length) {
      var ul = el("ul", { "class": "chips", "aria-label": t.more });
      r.suggestions.forEach(function (s) {
        var li = el("li");
        var b = el("button", { type: "button", "class": "chip" }, s.question);
        b.addEventListener("click", function () {
          add({ who: "user", text: s.question });
          send("/web/v1/message", { entry_id: s.entry_id, lang: r.lang || lang });
        });
        li.appendChild(b);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    if (r.actions && r.actions.length) {
      var acts = el("ul", { "class": "chips", "aria-label": t.choose });
      r.actions.forEach(function (a) {
        var li = el("li");
        var b = el("button", { type: "button", "class": "chip" }, a.label);
        b.addEventListener("click", function () {
          add({ who: "user", text: a.label });
          send("/web/v1/message", { action: a.id, lang: r.lang || lang });
        });
        li.appendChild(b);
        acts.appendChild(li);
      });
      box.appendChild(acts);
    }
    if (r.feedback && r.entry_id) box.appendChild(vote(m));
    return box;
  }

  function vote(m) {
    var r = m.reply;
    var group = el("div", { "class": "vote", role: "group", "aria-label": t.helpful });
    group.appendChild(el("span", { "aria-hidden": "true" }, t.helpful));
    [[true, THUMB_UP, t.up], [false, THUMB_DOWN, t.down]].forEach(function (v) {
      var b = el("button", { type: "button", "aria-label": v[2], "aria-pressed": String(m.voted === v[0]) });
      b.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="' + v[1] + '"/></svg>';
      // A second click on the other button changes the vote: the store
      // keeps one vote per person and answer.
      b.addEventListener("click", function () {
        if (m.voted === v[0]) return;
        var first = m.voted === undefined;
        m.voted = v[0];
        save();
        group.querySelectorAll("button").forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
        call("/web/v1/feedback", { entry_id: r.entry_id, lang: r.lang || lang, helpful: v[0], variant: r.variant || "" }, true)
          .then(function (res) {
            if (first && res && res.text) group.parentNode.appendChild(el("p", { "class": "thanks" }, res.text));
          });
      });
      group.appendChild(b);
    });
    return group;
  }

  // markup renders the knowledge base's light markup as DOM nodes:
  // paragraphs, "- " bullets, **bold**; links for URLs and e-mail addresses.
  function markup(text, into) {
    text.split(/\n\s*\n/).forEach(function (block) {
      var list = null, para = null;
      block.split("\n").forEach(function (line) {
        if (line.indexOf("- ") === 0) {
          para = null;
          if (!list) { list = el("ul"); into.appendChild(list); }
          var li = el("li");
          inline(line.slice(2), li);
          list.appendChild(li);
          return;
        }
        list = null;
        if (!para) { para = el("p"); into.appendChild(para); } else { para.appendChild(el("br")); }
        inline(line, para);
      });
    });
  }

  function inline(line, into) {
    for (;;) {
      var open = line.indexOf("**");
      var end = open < 0 ? -1 : line.indexOf("**", open + 2);
      if (open < 0 || end <= open + 2) break;
      links(line.slice(0, open), into);
      var strong = el("strong");
      links(line.slice(open + 2, end), strong);
      into.appendChild(strong);
      line = line.slice(end + 2);
    }
    links(line, into);
  }

  function links(s, into) {
    var re = /(https?:\/\/[^\s<>()]*[^\s<>().,;:!?"'])|([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;
    var last = 0, m;
    while ((m = re.exec(s)) !== null) {
      into.appendChild(document.createTextNode(s.slice(last, m.index)));
      var href = m[1] ? m[1] : "mailto:" + m[2];
      into.appendChild(el("a", { href: href, target: "_blank", rel: "noopener" }, m[0]));
      last = m.index + m[0].length;
    }
    into.appendChild(document.createTextNode(s.slice(last)));
  }

  function load() {
    try {
      var s = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
      return s && Array.isArray(s.messages) ? s : null;
    } catch (e) { return null; }
  }

  function save() {
    try { window.sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage off: the chat still works */ }
  }
})();
