// A form sent back with errors: move the focus to the error summary at the top of the page
// (templates/_error_summary.html), so a keyboard or screen-reader user starts from the list of
// problems, not from the top of the page. A link of the summary focuses its field.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      const link = event.target.closest("a[href^='#']");
      const field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  });
})();
