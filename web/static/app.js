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
