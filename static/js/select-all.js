// "Select every row on this page" for the bulk-decision queues (delegations/tables.py, TickColumn).
// The header checkbox is hidden in the HTML and shown here, so without JavaScript nothing
// pretends to work: rows are ticked one by one, or the form's "every matching row" option is used.
(function () {
  "use strict";

  function rowBoxes(master) {
    const table = master.closest("table");
    if (!table) return [];
    return Array.from(table.querySelectorAll('tbody input[type="checkbox"][name="' + master.dataset.selectAll + '"]'));
  }

  function reflect(master) {
    const boxes = rowBoxes(master);
    const ticked = boxes.filter(function (box) { return box.checked; }).length;
    master.checked = boxes.length > 0 && ticked === boxes.length;
    master.indeterminate = ticked > 0 && ticked < boxes.length;
  }

  document.querySelectorAll("input[data-select-all]").forEach(function (master) {
    const boxes = rowBoxes(master);
    if (!boxes.length) return;
    master.hidden = false;
    reflect(master);
    master.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = master.checked; });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () { reflect(master); });
    });
  });
})();
