// foi: a little progressive enhancement; every page works without it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary, so a screen reader announces it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    // Links in the error summary focus the field, not just scroll to it.
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (a) {
      a.addEventListener("click", function (e) {
        var el = document.getElementById(a.getAttribute("href").slice(1));
        if (!el) { return; }
        e.preventDefault();
        var details = el.closest("details");
        if (details) { details.open = true; }
        el.focus();
        el.scrollIntoView({ block: "center" });
      });
    });
    // Print buttons.
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();
