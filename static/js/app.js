// Campaign Desk: progressive enhancements only; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Selects marked data-autosubmit submit their form on change (filters, page size).
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form && el.form.requestSubmit());
  });

  // A table wider than its box scrolls inside it; while it does, the box takes keyboard focus so the arrow keys
  // scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable). A tabindex written in the markup is left alone.
  const focusWhileScrolling = () => {
    document.querySelectorAll(".table-responsive").forEach((box) => {
      if (box.hasAttribute("tabindex") && !box.dataset.scrollFocus) return;
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.dataset.scrollFocus = "1";
      } else if (box.dataset.scrollFocus) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    });
  };
  focusWhileScrolling();
  window.addEventListener("resize", focusWhileScrolling);
  document.body.addEventListener("htmx:afterSettle", focusWhileScrolling);
});
