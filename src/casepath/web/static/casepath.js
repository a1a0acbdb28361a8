/* casepath: small progressive enhancements for the profile form.
 * - one step at a time, with Back/Next and a step list (everything works without JS too);
 * - rows removed in place (added in place by htmx), renumbered, focus moved sensibly;
 * - aria-invalid kept in step with the inline messages that htmx swaps in;
 * - what you type is kept in this tab's sessionStorage (never on the server) and restored.
 */
(function () {
  "use strict";

  var STORE = "casepath.form";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function $(sel, ctx) { return (ctx || document).querySelector(sel); }
  function $all(sel, ctx) { return Array.prototype.slice.call((ctx || document).querySelectorAll(sel)); }

  function announce(text) {
    var region = $("#announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function form() { return $("#profile-form"); }

  /* ---- steps ---------------------------------------------------------------------------- */

  function steps() { return $all("#form-steps .step"); }

  function showStep(id, focusHeading) {
    var list = steps();
    if (!list.length) return;
    var target = list.filter(function (s) { return s.dataset.step === id; })[0] || list[0];
    list.forEach(function (s) { s.classList.toggle("is-current", s === target); });
    $all("[data-step-link]").forEach(function (a) {
      if (a.dataset.stepLink === target.dataset.step) a.setAttribute("aria-current", "step");
      else a.removeAttribute("aria-current");
    });
    if (focusHeading) {
      var h = $("h2", target);
      if (h) h.focus();
    }
  }

  function currentStep() {
    return $("#form-steps .step.is-current");
  }

  function stepOf(el) { return el && el.closest ? el.closest(".step") : null; }

  function initSteps() {
    var list = steps();
    if (!list.length) return;
    var firstError = $all("#form-steps .field-error").filter(function (e) { return e.textContent.trim(); })[0];
    var start = firstError ? stepOf(firstError) : null;
    if (!start && location.hash) {
      var fromHash = document.getElementById(location.hash.slice(1));
      start = stepOf(fromHash);
    }
    showStep(start ? start.dataset.step : list[0].dataset.step, false);
  }

  function go(direction) {
    var list = steps();
    var i = list.indexOf(currentStep());
    var next = list[Math.max(0, Math.min(list.length - 1, i + direction))];
    if (next) showStep(next.dataset.step, true);
  }

  function focusField(id) {
    var el = document.getElementById(id);
    if (!el) return;
    var s = stepOf(el);
    if (s) showStep(s.dataset.step, false);
    el.focus();
  }

  /* ---- rows ------------------------------------------------------------------------------ */

  function renumber(container) {
    $all(":scope > [data-row]", container).forEach(function (row, i) {
      $all(".row-num", row).forEach(function (n) { n.textContent = String(i + 1); });
    });
  }

  function rowName(container) { return container.dataset.singular || "row"; }

  function removeRow(button) {
    var row = button.closest("[data-row]");
    if (!row) return;
    var container = row.parentElement;
    var number = $(".row-num", row) ? $(".row-num", row).textContent : "";
    row.remove();
    renumber(container);
    var add = container.parentElement.querySelector("[data-add-row]");
    if (add) add.focus();
    announce(rowName(container).replace(/^./, function (c) { return c.toUpperCase(); }) + " " + number + " removed.");
    saveSoon();
    revalidate();
  }

  function rowAdded(row) {
    var container = row.parentElement;
    if (!container) return;
    renumber(container);
    var first = $("input, select, textarea", row);
    if (first) first.focus();
    var n = $(".row-num", row);
    announce(rowName(container).replace(/^./, function (c) { return c.toUpperCase(); }) + " " + (n ? n.textContent : "") + " added.");
    saveSoon();
  }

  /* ---- kind of case manager -> setting (rules.md GUIDE-7) ------------------------------- */

  function proposeSetting(select) {
    var row = select.closest("[data-row]");
    var setting = row ? $("select[name$='-setting']", row) : null;
    if (!setting) return;
    var option = select.options[select.selectedIndex];
    var codes = ((option && option.dataset.settings) || "").split(" ").filter(Boolean);
    var labels = codes.map(function (code) {
      var o = $all("option", setting).filter(function (x) { return x.value === code; })[0];
      return o ? o.textContent : code;
    });
    var hint = document.getElementById("h-" + setting.id.slice(2));
    if (hint && !hint.dataset.original) hint.dataset.original = hint.textContent;
    if (codes.length === 1) {
      setting.value = codes[0];
      if (hint) hint.textContent = hint.dataset.original;
      announce("Setting set to " + labels[0] + ".");
    } else if (codes.length > 1) {
      if (codes.indexOf(setting.value) < 0) setting.value = "";
      var text = "This kind of work happens in several settings: choose yours (" + labels.join(", ") + ").";
      if (hint) hint.textContent = text;
      announce(text);
    } else if (hint) {
      hint.textContent = hint.dataset.original;
    }
  }

  /* ---- validation ---------------------------------------------------------------------- */

  function syncInvalid() {
    $all("#profile-form .field-error").forEach(function (err) {
      if (!err.id || err.id.indexOf("e-") !== 0) return;
      var control = document.getElementById("f-" + err.id.slice(2));
      if (!control) return;
      if (err.textContent.trim()) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    });
  }

  function revalidate() {
    var v = $("#form-validator");
    if (v && window.htmx) window.htmx.trigger(v, "change");
  }

  /* ---- session storage -------------------------------------------------------------------- */

  function pairs() {
    var f = form();
    if (!f) return [];
    var out = [];
    new FormData(f).forEach(function (value, key) {
      if (typeof value === "string") out.push([key, value]);
    });
    return out;
  }

  function save() {
    try { window.sessionStorage.setItem(STORE, JSON.stringify(pairs())); } catch (e) { /* storage off */ }
  }

  var saveTimer = null;
  function saveSoon() {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(save, 250);
  }

  function restore() {
    var steps = $("#form-steps");
    if (!steps || !window.htmx) return;
    if (steps.dataset.filled === "true") { save(); return; }
    var kept;
    try { kept = JSON.parse(window.sessionStorage.getItem(STORE) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.length) return;
    var values = {};
    kept.forEach(function (p) { values[p[0]] = p[1]; });
    window.htmx.ajax("POST", "/form/restore", { target: "#form-steps", swap: "outerHTML", values: values })
      .then(function () { announce("Restored what you entered earlier in this tab."); });
  }

  /* ---- events ------------------------------------------------------------------------------ */

  document.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target.closest("a, button") : null;
    if (!t) return;
    if (t.matches("[data-remove-row]")) { e.preventDefault(); removeRow(t); return; }
    if (t.matches("[data-step-go]")) { e.preventDefault(); go(t.dataset.stepGo === "next" ? 1 : -1); return; }
    if (t.matches("[data-step-link]")) { e.preventDefault(); showStep(t.dataset.stepLink, true); return; }
    if (t.matches("[data-error-link]")) {
      e.preventDefault();
      focusField(t.getAttribute("href").slice(1));
      return;
    }
    if (t.matches("[data-print]")) { e.preventDefault(); window.print(); return; }
    if (t.matches("[data-clear-form]")) {
      e.preventDefault();
      // Start over erases everything typed in this tab: ask first.
      if (!window.confirm("Start over? This erases everything you entered in this tab.")) return;
      try { window.sessionStorage.removeItem(STORE); } catch (err) { /* storage off */ }
      window.location.assign("/form");
    }
  });

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.defaultPrevented) return;
    var t = e.target;
    if (!t.form || t.form.id !== "profile-form" || t.tagName !== "INPUT") return;
    var s = stepOf(t);
    var list = steps();
    if (s && list.indexOf(s) < list.length - 1) {
      // In the middle of the form, Enter moves on instead of submitting a half-filled profile.
      e.preventDefault();
      go(1);
    }
  });

  document.addEventListener("input", function (e) {
    if (e.target.form && e.target.form.id === "profile-form") saveSoon();
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-proposes]")) proposeSetting(e.target);
    if (e.target.form && e.target.form.id === "profile-form") saveSoon();
  });

  document.addEventListener("htmx:load", function (e) {
    var elt = e.detail.elt;
    if (!elt || !elt.matches) return;
    if (elt.matches("[data-row]")) rowAdded(elt);
    else if (elt.id === "form-steps") { initSteps(); save(); }
    else if (elt.id === "import-status" && elt.textContent.trim()) elt.focus();
  });

  document.addEventListener("htmx:afterSettle", syncInvalid);
  // What if: say in one sentence what changed (the table itself is not read out).
  document.addEventListener("htmx:afterSettle", function (e) {
    var target = e.detail && e.detail.target;
    if (!target || target.id !== "whatif-result") return;
    var summary = $("[data-whatif-summary]", target) || $(".whatif-problems", target);
    if (summary) announce(summary.textContent.trim());
  });
  document.addEventListener("htmx:oobAfterSwap", syncInvalid);

  function start() {
    initSteps();
    syncInvalid();
    var summary = $("[data-focus-on-load]");
    if (summary) summary.focus();
    restore();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
