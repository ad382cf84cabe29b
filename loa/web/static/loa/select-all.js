/* "Select all" checkboxes: <input type="checkbox" data-select-all="NAME"> ticks every checkbox named
   NAME in the same form, and follows them (ticked when all are, mixed when some are). Plain script. */
(function () {
  "use strict";

  function boxes(master) {
    return master.form ? master.form.querySelectorAll('input[type="checkbox"][name="' + master.dataset.selectAll + '"]') : [];
  }

  function follow(master) {
    var all = boxes(master), ticked = 0;
    Array.prototype.forEach.call(all, function (box) { if (box.checked) { ticked += 1; } });
    master.checked = all.length > 0 && ticked === all.length;
    master.indeterminate = ticked > 0 && ticked < all.length;
  }

  document.querySelectorAll("input[data-select-all]").forEach(function (master) {
    master.hidden = false;
    master.addEventListener("change", function () {
      Array.prototype.forEach.call(boxes(master), function (box) { box.checked = master.checked; });
    });
    Array.prototype.forEach.call(boxes(master), function (box) {
      box.addEventListener("change", function () { follow(master); });
    });
    follow(master);
  });
}());
