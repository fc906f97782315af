// Compare page: hide the unchanged paragraphs on request (the page works without it).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-only-changes]");
  if (!toggle) return;
  toggle.addEventListener("change", () => {
    document.querySelectorAll('[data-testid="compare-row"][data-status="unchanged"]').forEach((row) => {
      row.hidden = toggle.checked;
    });
  });
});
