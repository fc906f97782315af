// Check-in desk: after each scan is answered, empty the form and put the cursor
// back in the field named by data-reset-after-request, ready for the next badge.
(function () {
  "use strict";

  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.target.closest("form[data-reset-after-request]");
    if (!form || event.target !== form) return;
    form.reset();
    const field = form.querySelector(form.dataset.resetAfterRequest);
    if (field) field.focus();
  });
})();
