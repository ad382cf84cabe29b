/* Choices made quick: <select class="picker"> becomes a button naming what is chosen and a panel of checkboxes
   (radio buttons for a single choice), grouped as the select's <optgroup>s, with a search box that ignores
   diacritics ("so noi vu" finds "Sở Nội vụ"). The select stays in the form and carries the values (a change event
   is sent on it, so htmx attributes on it work); without this script it works as it is. Enter in the search box
   ticks the first unticked match; Escape closes. Plain script, re-run after htmx swaps. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }

  function summary(select) {
    var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected && o.value !== ""; });
    return chosen.length ? chosen.map(function (o) { return o.text; }).join("; ") : (select.dataset.empty || "—");
  }

  function enhance(select) {
    if (select.dataset.enhanced) { return; }
    select.dataset.enhanced = "1";
    var box = document.createElement("div");
    box.className = "picker-box";
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "picker-toggle";
    toggle.setAttribute("aria-expanded", "false");
    var panel = document.createElement("div");
    panel.className = "picker-panel";
    panel.hidden = true;
    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = select.dataset.search || "";
    search.setAttribute("aria-label", select.dataset.search || "");
    panel.appendChild(search);
    var list = document.createElement("div");
    list.className = "picker-list";
    panel.appendChild(list);
    var items = [];
    Array.prototype.forEach.call(select.children, function (child) {
      var options = child.tagName === "OPTGROUP" ? child.children : [child];
      if (child.tagName === "OPTGROUP") {
        var heading = document.createElement("div");
        heading.className = "picker-group";
        heading.textContent = child.label;
        list.appendChild(heading);
      }
      Array.prototype.forEach.call(options, function (option) {
        if (option.value === "") { return; }  // a single select's empty choice: nothing ticked means none
        var label = document.createElement("label");
        var box2 = document.createElement("input");
        box2.type = select.multiple ? "checkbox" : "radio";
        box2.name = select.multiple ? "" : "picker-" + (select.name || "one");
        box2.checked = option.selected && option.value !== "";
        box2.addEventListener("change", function () {
          option.selected = box2.checked;
          toggle.textContent = summary(select);
          select.dispatchEvent(new Event("change", { bubbles: true }));
          if (!select.multiple) { open(false); toggle.focus(); }
        });
        label.appendChild(box2);
        label.appendChild(document.createTextNode(" " + option.text));
        list.appendChild(label);
        items.push({ label: label, box: box2, key: fold(option.text) });
      });
    });
    function filter() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      items.forEach(function (item) {
        item.label.hidden = !words.every(function (w) { return item.key.indexOf(w) >= 0; });
      });
    }
    function open(show) {
      panel.hidden = !show;
      toggle.setAttribute("aria-expanded", show ? "true" : "false");
      if (show) { search.focus(); }
    }
    toggle.textContent = summary(select);
    toggle.addEventListener("click", function () { open(panel.hidden); });
    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = items.filter(function (i) { return !i.label.hidden && !i.box.checked; })[0];
        if (first) { first.box.checked = true; first.box.dispatchEvent(new Event("change")); }
        search.value = "";
        filter();
      } else if (event.key === "Escape") {
        open(false);
        toggle.focus();
      }
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) { open(false); }
    });
    select.hidden = true;
    select.parentNode.insertBefore(box, select);
    box.appendChild(toggle);
    box.appendChild(panel);
  }

  function run(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("select.picker").forEach(enhance);
  }

  run(document);
  document.body.addEventListener("htmx:load", function (event) { run(event.target); });
}());
