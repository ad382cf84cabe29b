// Dashboard charts, drawn with the vendored Chart.js from the JSON the page carries (no fetch, no CDN).
// Large type and no animation: the page is shown on projectors and printed.
(function () {
  "use strict";
  var printButton = document.getElementById("print-page");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
  sortable(document.querySelectorAll("table[data-sortable]"));
  var holder = document.getElementById("dash-data");
  if (!holder || typeof Chart === "undefined") return;
  var data = JSON.parse(holder.textContent);
  Chart.defaults.font.size = 15;
  Chart.defaults.font.family = '"Segoe UI", "Liberation Sans", Arial, sans-serif';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  var RED = "#b71c1c", BLUE = "#0b4f9c", GREY = "#9aa5b1";
  var PALETTE = ["#0b4f9c", "#b71c1c", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f", "#5d4037", "#ef6c00",
    "#455a64", "#ad1457", "#1565c0", "#558b2f", "#8d6e63", "#00695c", "#c62828", "#283593"];

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }
  var integer = { beginAtZero: true, ticks: { precision: 0 } };
  var names = { ticks: { autoSkip: false, font: { size: 13 } } };
  // Channel and area names are long ("Lồng ghép trong sinh hoạt Đảng, đoàn thể, họp thôn, tổ dân phố"):
  // broken into lines of about 30 characters at spaces, so that the axis shows them whole instead of cutting
  // them at the card's edge, and every one of them is shown (Chart.js skips every other label that does not fit).
  function wrap(label) {
    var lines = [], line = "";
    String(label).split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > 30) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    return lines;
  }

  draw("chart-months", {
    type: "bar",
    data: {
      labels: data.months.labels,
      datasets: [
        { label: data.months.label, data: data.months.values, backgroundColor: BLUE },
        { label: data.months.before_label, data: data.months.before, backgroundColor: GREY },
      ],
    },
    options: { scales: { y: integer } },
  });
  draw("chart-channels", {
    type: "bar",
    data: { labels: data.channels.labels.map(wrap), datasets: [{ data: data.channels.values, backgroundColor: BLUE }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: integer, y: names } },
  });
  draw("chart-areas", {
    type: "bar",
    data: { labels: data.areas.labels.map(wrap), datasets: [{ data: data.areas.values, backgroundColor: RED }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: integer, y: names } },
  });
  draw("chart-online", {
    type: "doughnut",
    data: { labels: data.online.labels, datasets: [{ data: data.online.values, backgroundColor: [BLUE, PALETTE[3]] }] },
    options: { plugins: { legend: { position: "bottom" } } },
  });
  // Charts drawn for the screen are redrawn at paper size when printing.
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (c) { c.resize(); });
  });

  // A click on a column's heading sorts the table by it (numbers largest first, names in Vietnamese order);
  // a second click reverses. Numbers are written the Vietnamese way: "474.861", "2,5".
  function sortable(tables) {
    // Vietnamese order, with numbers inside names read as numbers ("Phường 2" before "Phường 10").
    var collator = new Intl.Collator("vi", { numeric: true });
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(heads, function (th, column) {
        if (!th.textContent.trim()) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        button.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () {
          var numeric = th.classList.contains("num");
          var first = numeric ? "descending" : "ascending";
          var next = th.getAttribute("aria-sort") !== first ? first : numeric ? "ascending" : "descending";
          var descending = next === "descending";
          Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", next);
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
            if (numeric) {
              var m = number(x), n = number(y);
              if (isNaN(m) || isNaN(n)) return isNaN(m) - isNaN(n);  // "—" (nothing to show) last either way
              return descending ? n - m : m - n;
            }
            var order = collator.compare(x, y);
            return descending ? -order : order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }
  function number(text) {
    return parseFloat(text.replace(/\./g, "").replace(",", "."));
  }
})();
