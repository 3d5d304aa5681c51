// careerbot console: small enhancements; every page works without them.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Move keyboard and screen-reader focus to the list of problems after
  // a failed save, so it is read out first.
  var problems = document.getElementById("problems");
  if (problems) {
    problems.focus();
  }
  liveCheck(document.querySelector("form.editor"));
});

// liveCheck asks the server, a moment after each change, whether the
// entry would save, and shows its messages next to the fields. Saving
// checks again; this only tells earlier.
function liveCheck(form) {
  if (!form || !form.querySelector("button[type=submit]")) {
    return;
  }
  var url = form.getAttribute("action") + "/check";
  var timer = null;
  var fields = ["id", "topic", "de_questions", "de_answer", "de_answer_sie", "de_variant", "de_variant_sie",
    "en_questions", "en_answer", "en_variant"];
  function show(result) {
    fields.forEach(function (name) {
      var el = document.getElementById(name);
      if (!el) {
        return;
      }
      var old = document.getElementById(name + "-err");
      if (old) {
        old.hidden = true;
      }
      var box = document.getElementById(name + "-live");
      if (!box) {
        box = document.createElement("div");
        box.id = name + "-live";
        box.setAttribute("aria-live", "polite");
        el.insertAdjacentElement("afterend", box);
        var described = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        described.push(box.id);
        el.setAttribute("aria-describedby", described.join(" "));
      }
      var msgs = (result.fields && result.fields[name]) || [];
      box.textContent = "";
      msgs.forEach(function (m) {
        var p = document.createElement("p");
        p.className = "field-error";
        p.textContent = m;
        box.appendChild(p);
      });
      if (msgs.length) {
        el.setAttribute("aria-invalid", "true");
      } else {
        el.removeAttribute("aria-invalid");
      }
    });
  }
  function check() {
    var body = new URLSearchParams(new FormData(form));
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (result) { if (result) { show(result); } })
      .catch(function () { /* the check on save still runs */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  });
}
