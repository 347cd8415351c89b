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
    // The fee form's quote follows what is typed: the page sends the form
    // as the 计算 button would (the server redraws it with the quote and
    // issues nothing) and shows the quote, or why there is none.
    document.querySelectorAll("[data-live-quote]").forEach(function (button) {
      var form = button.form;
      var box = form.querySelector("[data-quote-box]");
      var timer = null;
      var asked = 0;
      function show(nodes) {
        box.replaceChildren.apply(box, nodes);
      }
      function ask() {
        var mine = ++asked;
        fetch(button.formAction, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
          .then(function (r) { return r.text(); })
          .then(function (html) {
            if (mine !== asked) { return; }
            var doc = new DOMParser().parseFromString(html, "text/html");
            var quote = doc.querySelector("[data-quote-box]");
            if (quote && quote.children.length) {
              show(Array.prototype.map.call(quote.children, function (n) { return document.importNode(n, true); }));
              return;
            }
            var p = document.createElement("p");
            p.className = "hint";
            p.textContent = Array.prototype.map.call(doc.querySelectorAll(".error-summary li"), function (li) {
              return li.textContent;
            }).join("；") || "暂时无法计算，请点「计算」。";
            show([p]);
          })
          .catch(function () { /* the 计算 button still works */ });
      }
      form.querySelectorAll("input[name=mode], input[name=pages], input[name=pieces]").forEach(function (input) {
        input.addEventListener(input.type === "radio" ? "change" : "input", function () {
          clearTimeout(timer);
          timer = setTimeout(ask, 400);
        });
      });
    });
    // Print buttons.
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();
