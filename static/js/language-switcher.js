// The language switcher reloads the page: ask first when a form on it has unsaved changes.
// The switcher works without this script; the question comes from its data-unsaved-warning.
(function () {
  "use strict";
  var switcher = document.querySelector("form.language-switcher");
  if (!switcher) {
    return;
  }
  var unsaved = false;
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form !== switcher && form.method === "post") {
      unsaved = true;
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target !== switcher) {
      unsaved = false;
    }
  });
  switcher.addEventListener("submit", function (event) {
    if (unsaved && !window.confirm(switcher.dataset.unsavedWarning)) {
      event.preventDefault();
    }
  });
})();
