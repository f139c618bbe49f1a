// Warn before leaving a page with unsaved edits: forms marked data-unsaved-warning are watched; typing in one
// makes the page "dirty", submitting that form (or restoring its values) makes it clean again; leaving through
// another form (Delete, Add comment) still warns. Progressive enhancement: the page works the same without it.
(() => {
  const forms = () => Array.from(document.querySelectorAll("form[data-unsaved-warning]"));

  // What a field holds now, so that typing a value and then restoring it counts as no change.
  const snapshot = (form) =>
    Array.from(form.elements)
      .filter((el) => el.name && !el.disabled && el.type !== "hidden" && el.type !== "submit")
      .map((el) => `${el.name}=${el.type === "checkbox" || el.type === "radio" ? el.checked : el.value}`)
      .join("\u0000");

  const saved = new WeakMap();

  const isDirty = () => forms().some((form) => saved.has(form) && saved.get(form) !== snapshot(form));

  const mark = () => {
    forms().forEach((form) => form.toggleAttribute("data-dirty", saved.get(form) !== snapshot(form)));
  };

  document.addEventListener("DOMContentLoaded", () => {
    forms().forEach((form) => {
      saved.set(form, snapshot(form));
      form.addEventListener("input", mark);
      form.addEventListener("change", mark);
    });
    // Saving the form takes its edits along: it is clean from now on.
    document.addEventListener("submit", (event) => {
      if (saved.has(event.target)) saved.set(event.target, snapshot(event.target));
    });
  });

  window.addEventListener("beforeunload", (event) => {
    if (isDirty()) {
      event.preventDefault();
      event.returnValue = ""; // older browsers show their own text; none shows ours
    }
  });
})();
