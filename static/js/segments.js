// Segments: progressive enhancements only; every page works without this file.
// A preview that appears (after a full page load or an htmx swap) is scrolled into view and focused, so a
// keyboard or screen reader user lands on what the criteria would do instead of at the top of the form.
(() => {
  const showFocused = (root) => {
    const target = root.querySelector ? root.querySelector("[data-focus-on-show]") : null;
    if (!target) return;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
    target.focus({ preventScroll: true });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => showFocused(document));
  } else {
    showFocused(document);
  }
  document.addEventListener("htmx:afterSwap", (event) => showFocused(event.detail.elt || event.target));
})();
