// Tasks: progressive enhancements of the task pages; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Create Task and Assign Activity: ticking Team Task disables the Salesperson Code (a team task goes to the
  // team's members; the server ignores a posted salesperson too).
  document.querySelectorAll("input[type=checkbox][data-disables]").forEach((box) => {
    const target = document.getElementById(box.dataset.disables);
    if (!target) return;
    const sync = () => {
      target.disabled = box.checked;
    };
    box.addEventListener("change", sync);
    sync();
  });
});
