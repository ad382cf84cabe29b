/* Loa's phone menu: on narrow screens the header's menu folds behind a button (aria-expanded) that shows and
   hides it. Loaded in <head> without defer so that the "js" class is set before the first paint and the menu
   starts folded; without scripts the class is never set and the CSS leaves the whole menu unfolded. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function wire(button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-menu-toggle]").forEach(wire);
  });
})();
