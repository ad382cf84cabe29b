/* Loa activity pages: unit of measure follows the channel, drag-and-drop evidence (confirmations: confirm.js).
   Plain script, no framework; every page still works without it. */
(function () {
  "use strict";

  function measuresOf(select) {
    var table = {};
    (select.dataset.measures || "").split("|").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2) { table[parts[0]] = parts[1].split(","); }
    });
    return table;
  }

  var channel = document.getElementById("id_channel");
  var measure = document.getElementById("id_measure");
  if (channel && measure) {
    var table = measuresOf(channel);
    var participants = document.querySelector("[data-participants]");
    var previous = channel.value;
    var toggle = function () {
      if (!participants) { return; }
      var wanted = participants.dataset.participants.split(",");
      participants.hidden = wanted.indexOf(channel.value) < 0 && !participants.querySelector("input").value;
    };
    channel.addEventListener("change", function () {
      var old = (table[previous] || []);
      // Replace the unit only when the officer has not typed one of their own.
      if (!measure.value || old.indexOf(measure.value) >= 0) {
        measure.value = (table[channel.value] || [""])[0];
      }
      previous = channel.value;
      toggle();
    });
    toggle();
  }

  function showNames(zone, files) {
    var list = zone.querySelector("[data-dropzone-list]");
    if (!list) { return; }
    list.textContent = "";
    Array.prototype.forEach.call(files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
      list.appendChild(item);
    });
  }

  document.addEventListener("dragover", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone) { event.preventDefault(); zone.classList.add("dragging"); }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone) { zone.classList.remove("dragging"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("dragging");
    var input = zone.querySelector("input[type=file]");
    if (!input || !event.dataTransfer.files.length) { return; }
    input.files = event.dataTransfer.files;
    showNames(zone, input.files);
    if (zone.tagName === "FORM") { zone.requestSubmit(); }
  });
  document.addEventListener("change", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone && event.target.type === "file") { showNames(zone, event.target.files); }
  });
})();
