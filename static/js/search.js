// The navigation bar's search (search/views.py): suggestions come by htmx while typing; this adds the
// combobox keys. Arrow keys move through the options, Enter opens the one chosen (or, with none chosen,
// submits to the results page), Escape closes the list.
(function () {
  "use strict";
  function setup() {
    var input = document.getElementById("global-search-q");
    var box = document.getElementById("global-search-results");
    if (!input || !box) return;

    function options() { return Array.prototype.slice.call(box.querySelectorAll("[role=option]")); }
    function current() { return box.querySelector("[role=option][aria-selected=true]"); }
    function open(expanded) {
      input.setAttribute("aria-expanded", expanded ? "true" : "false");
      box.hidden = !expanded;
    }
    function choose(option) {
      options().forEach(function (o) { o.setAttribute("aria-selected", o === option ? "true" : "false"); });
      if (option) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== box) return;
      choose(null);
      open(box.children.length > 0 && input.value.trim() !== "");
    });

    input.addEventListener("keydown", function (event) {
      var all = options();
      var index = all.indexOf(current());
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) return;
        event.preventDefault();
        open(true);
        var step = event.key === "ArrowDown" ? 1 : -1;
        choose(all[(index + step + all.length) % all.length] || all[0]);
      } else if (event.key === "Enter" && current()) {
        event.preventDefault();
        window.location.assign(current().href);
      } else if (event.key === "Escape") {
        choose(null);
        open(false);
      }
    });

    document.addEventListener("click", function (event) {
      if (!input.closest("form").contains(event.target)) open(false);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
