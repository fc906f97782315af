// Registration of a delegation: show only the fields that matter for the kind
// chosen (state or organisation); the server checks them all anyway.
(function () {
  "use strict";

  function setHidden(ids, hidden) {
    ids.forEach(function (id) {
      const el = document.getElementById(id);
      if (el) el.hidden = hidden;
    });
  }

  function sync() {
    const checked = document.querySelector("input[name=kind]:checked");
    const isState = checked !== null && checked.value === "state";
    setHidden(["div_id_country"], !isState);
    setHidden(["div_id_organisation", "div_id_organisation_name", "div_id_organisation_acronym"], isState);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[name=kind]").forEach(function (el) {
      el.addEventListener("change", sync);
    });
    sync();
  });
})();
