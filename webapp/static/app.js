// Interview Console: small progressive enhancements, no build step.
(function () {
  "use strict";

  // htmx normally comes from the CDN; offline installs use the copy served here.
  // A copy loaded after DOMContentLoaded waits for that event, so it is replayed.
  var replaying = false;
  function ensureHtmx(done) {
    if (window.htmx) return done();
    var local = document.querySelector('meta[name="htmx-local"]');
    if (!local) return;
    var s = document.createElement("script");
    s.src = local.content;
    s.onload = function () {
      replaying = true;
      document.dispatchEvent(new Event("DOMContentLoaded"));
      replaying = false;
      done();
    };
    document.head.appendChild(s);
  }

  function wire() {
    // Polling fragments carry data-poll. Hidden tabs do not poll; coming back polls at once.
    document.body.addEventListener("htmx:beforeRequest", function (evt) {
      var el = evt.detail.elt;
      if (document.hidden && el && el.hasAttribute && el.hasAttribute("data-poll")) evt.preventDefault();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) return;
      document.querySelectorAll("[data-poll]").forEach(function (el) { window.htmx.trigger(el, "poll-now"); });
    });
  }

  document.addEventListener("click", function (evt) {
    var btn = evt.target.closest("[data-copy]");
    if (!btn) return;
    var input = document.getElementById(btn.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    var finish = function () { btn.textContent = btn.getAttribute("data-copied") || "Copied"; };
    if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(finish, finish);
    else { document.execCommand("copy"); finish(); }
  });

  // Evidence times in a report jump the recording's player to that moment.
  document.addEventListener("click", function (evt) {
    var btn = evt.target.closest("[data-seek]");
    if (!btn) return;
    var player = document.getElementById(btn.getAttribute("data-player"));
    if (!player) return;
    player.currentTime = Math.max(0, parseFloat(btn.getAttribute("data-seek")) - 0.5);
    player.play();
  });

  // A form submits once: a double click must not send the answer twice.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (form.hasAttribute("hx-post") || form.hasAttribute("data-allow-resubmit")) return;
    if (form.dataset.submitted) { evt.preventDefault(); return; }
    form.dataset.submitted = "1";
    // Disable after the browser has taken the submitter's value.
    setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  // A typed answer shows how much of its limit it uses; the browser stops at the limit,
  // so reaching it is said out loud instead of cutting a paste silently.
  function countChars(area) {
    var out = document.querySelector('[data-count-for="' + area.id + '"]');
    if (!out) return;
    var limit = parseInt(out.getAttribute("data-limit"), 10);
    var n = area.value.length;
    out.textContent = out.getAttribute("data-label")
      .replace("{n}", n.toLocaleString()).replace("{limit}", limit.toLocaleString());
    out.classList.toggle("at-limit", n >= limit);
  }
  document.addEventListener("input", function (evt) {
    if (evt.target.matches("textarea[maxlength]")) countChars(evt.target);
  });

  // A typed but unsent answer survives leaving the page in this tab (the finish page's
  // "Go back", a reload): kept in sessionStorage, which the browser clears with the tab,
  // and dropped once the answer is sent.
  function draftKey(area) {
    var form = area.form, q = form && form.querySelector('input[name="question_id"]');
    return q ? "ic-draft:" + location.pathname + ":" + q.value : null;
  }
  function storage() { try { return window.sessionStorage; } catch (e) { return null; } }
  document.addEventListener("input", function (evt) {
    var area = evt.target, store = storage();
    if (!store || !area.matches("textarea.answer")) return;
    var key = draftKey(area);
    if (!key) return;
    try { if (area.value) store.setItem(key, area.value); else store.removeItem(key); } catch (e) { /* full or disabled */ }
  });
  document.addEventListener("submit", function (evt) {
    var store = storage();
    evt.target.querySelectorAll("textarea.answer").forEach(function (area) {
      var key = draftKey(area);
      if (store && key) store.removeItem(key);
    });
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    var store = storage();
    document.querySelectorAll("textarea.answer").forEach(function (area) {
      var key = draftKey(area), saved = store && key && store.getItem(key);
      if (saved && !area.value) { area.value = saved; countChars(area); }
    });
  });

  // Warn before leaving a typed but unsent answer.
  document.addEventListener("input", function (evt) {
    if (evt.target.matches("textarea.answer")) evt.target.form.dataset.dirty = "1";
  });
  window.addEventListener("beforeunload", function (evt) {
    var dirty = document.querySelector("form[data-dirty]:not([data-submitted])");
    if (dirty) { evt.preventDefault(); evt.returnValue = ""; }
  });

  document.addEventListener("DOMContentLoaded", function () { if (!replaying) ensureHtmx(wire); });
})();
