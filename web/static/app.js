// parley's own script: progressive enhancements that htmx does not cover. Loaded from a file
// (the Content-Security-Policy forbids inline scripts) and never required: every page works
// without it.
(function () {
  "use strict";
  // A sign-in link carries the token in its query: take it out of the address bar and the
  // history at once, before anything else can read it.
  if (document.querySelector("[data-scrub-url]") && location.search.indexOf("token=") >= 0) {
    history.replaceState(null, "", location.pathname);
  }
  // Buttons with data-confirm ask before submitting.
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-confirm]");
    if (b && !window.confirm(b.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
})();
// The red-line builder appends "issue op value" to the red lines and lets the preview
// validate it at once.
(function () {
  "use strict";
  var add = document.getElementById("rl-add");
  if (!add) {
    return;
  }
  // The value is picked from the issue's own values: its options, or a number field on its
  // range and step, so a red line never names a value the issue does not take.
  var issueSel = document.getElementById("rl-issue");
  function picker() {
    var opt = issueSel.options[issueSel.selectedIndex];
    var old = document.getElementById("rl-value");
    var el;
    if (opt.hasAttribute("data-options")) {
      el = document.createElement("select");
      opt.getAttribute("data-options").split("|").forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v;
        el.appendChild(o);
      });
    } else {
      el = document.createElement("input");
      el.type = "number";
      ["min", "max", "step"].forEach(function (a) { el.setAttribute(a, opt.getAttribute("data-" + a)); });
      el.value = opt.getAttribute("data-min");
    }
    el.id = "rl-value";
    old.parentNode.replaceChild(el, old);
  }
  issueSel.addEventListener("change", picker);
  picker();
  add.addEventListener("click", function () {
    var ta = document.getElementById("red_lines");
    var issue = document.getElementById("rl-issue").value;
    var op = document.getElementById("rl-op").value;
    var v = document.getElementById("rl-value").value.trim();
    if (!v) {
      document.getElementById("rl-value").focus();
      return;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$|^-?[0-9.]+$/.test(v)) {
      v = '"' + v.replace(/"/g, "") + '"';
    }
    ta.value = (ta.value.replace(/\s+$/, "") + "\n" + issue + " " + op + " " + v).replace(/^\n/, "");
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
// Live updates never lose work: when htmx replaces part of the page (an event said
// something changed), a field being typed into is not replaced at all. Fields with an id
// that are focused or changed and not yet sent are marked hx-preserve in the new content, so
// htmx keeps the live element itself (its value, caret and focus, with no keystroke lost);
// other changed fields get their values back after the swap, and open <details> stay open.
(function () {
  "use strict";
  var saved = null;
  function key(el) {
    return el.id || (el.form && el.form.id ? el.form.id + "/" + el.name + "/" + (el.type === "radio" || el.type === "checkbox" ? el.value : "") : "");
  }
  function dirty(el) {
    if (el.type === "radio" || el.type === "checkbox") {
      return el.checked !== el.defaultChecked;
    }
    if (el.tagName === "SELECT") {
      for (var i = 0; i < el.options.length; i++) {
        if (el.options[i].selected !== el.options[i].defaultSelected) {
          return true;
        }
      }
      return false;
    }
    return el.value !== el.defaultValue;
  }
  document.addEventListener("htmx:beforeSwap", function (e) {
    var t = e.detail.target;
    if (!t || !t.querySelectorAll || typeof e.detail.serverResponse !== "string") {
      return;
    }
    saved = { fields: [], open: [] };
    var keep = [];
    t.querySelectorAll("input, textarea, select").forEach(function (el) {
      var busy = dirty(el) || el === document.activeElement;
      if (busy && el.id) {
        keep.push(el.id);
      } else if (busy && key(el)) {
        saved.fields.push({ k: key(el), value: el.value, checked: el.checked });
      }
    });
    t.querySelectorAll("details[open][id]").forEach(function (el) {
      saved.open.push(el.id);
    });
    if (keep.length === 0) {
      return;
    }
    var html = e.detail.serverResponse;
    var whole = /<html[\s>]/i.test(html);
    var doc = new DOMParser().parseFromString(html, "text/html");
    var marked = false;
    keep.forEach(function (id) {
      var n = doc.getElementById(id);
      if (n) {
        n.setAttribute("hx-preserve", "true");
        marked = true;
      }
    });
    if (marked) {
      e.detail.serverResponse = whole ? "<!doctype html>" + doc.documentElement.outerHTML : doc.body.innerHTML;
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!saved) {
      return;
    }
    var s = saved;
    saved = null;
    var byKey = {};
    document.querySelectorAll("input, textarea, select").forEach(function (el) {
      var k = key(el);
      if (k) { byKey[k] = el; }
    });
    s.fields.forEach(function (f) {
      var el = byKey[f.k];
      if (!el) {
        return;
      }
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = f.checked;
      } else {
        el.value = f.value;
      }
      var d = el.closest("details");
      if (d) { d.open = true; }
    });
    s.open.forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { el.open = true; }
    });
  });
})();
// Copy buttons (content hashes) copy their data-copy text and say so.
document.addEventListener("click", function (e) {
  "use strict";
  var b = e.target.closest && e.target.closest("[data-copy]");
  if (!b || !navigator.clipboard) {
    return;
  }
  navigator.clipboard.writeText(b.getAttribute("data-copy")).then(function () {
    b.textContent = "Copied";
    setTimeout(function () { b.textContent = "Copy"; }, 2000);
  });
});
