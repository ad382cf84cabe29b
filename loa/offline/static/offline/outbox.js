/* Loa's offline entry page (offline/entry.html). Activities recorded without a connection wait in an IndexedDB
   outbox on this device with their evidence: photos made smaller here (longest side 1600 px, JPEG 0.8, through a
   canvas), documents kept as they are and refused here when larger than the server's limit. Records and files carry
   ids made here, so sending a record twice creates nothing twice. The outbox is sent to the server when the
   connection returns, when the page opens online with records waiting, and on "Gửi ngay"; each sync first asks
   /api/offline/state, which says whether the session still holds and gives a fresh CSRF token.
   The server's answer moves a record to "sent" (kept 30 days, at most 50: editable, and sent again with the revision
   the server gave) or to "needs review" (a conflict, a closed period: decided on the server's page); an invalid
   record stays in the outbox with the server's reasons. Nothing is ever dropped without the officer asking.
   Records belong to the account that made them: another account signed in on the same browser never sends them.
   Every sentence comes from the page (offline/strings.py, json_script); plain script, no library, no build. */
(function () {
  "use strict";

  var root = document.querySelector("[data-offline]");
  var dataNode = document.getElementById("offline-data");
  var stringsNode = document.getElementById("offline-strings");
  if (!root || !dataNode || !stringsNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var S = JSON.parse(stringsNode.textContent);
  var me = data.user.username;

  var DB_NAME = "loa-offline";
  var DB_VERSION = 1;
  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var SENT_KEEP = 50;
  var SENT_DAYS = 30;
  var DAY_MS = 24 * 60 * 60 * 1000;
  var RETRY_FIRST = 30 * 1000;
  var RETRY_MAX = 10 * 60 * 1000;
  // What the server's evidence check accepts (loa/activity/evidence.py); every photo the browser can read becomes a JPEG.
  var DOCUMENTS = ["pdf", "docx", "xlsx", "pptx"];
  var PHOTOS = ["jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "avif"];
  var SERVER_PHOTOS = ["image/jpeg", "image/png", "image/gif", "image/webp"];
  var SENT_OUTCOMES = ["created", "updated", "unchanged"];
  var REVIEW_OUTCOMES = ["conflict", "review"];

  var db = null;
  var editing = null; // {source: "outbox" | "sent", record}
  var files = []; // the form's evidence: {id, name, type, size, sent, content (ArrayBuffer, until sent)}
  var previews = {}; // file id → data: URL of its thumbnail (the page's CSP allows data: images, not blob:)
  var queue = Promise.resolve(); // photos are made smaller one at a time: a phone has little memory
  var preparing = 0;
  var syncing = false;
  var retryTimer = null;
  var retryDelay = RETRY_FIRST;
  var persisted = false;

  function el(selector) { return root.querySelector(selector); }

  function t(key, values) {
    var text = S[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  var form = el("[data-form]");
  var fields = form.elements;
  var fileInput = el("#of-files");
  var fileList = el("[data-files]");
  var fileStatus = el("[data-file-status]");
  var saveButton = form.querySelector("[data-testid=save]");
  var syncButton = el("[data-sync]");
  var formError = el("[data-form-error]");
  var formMessage = el("[data-form-message]");

  // ---- Labels: people see names, never codes.

  function index(list, key) {
    var map = {};
    (list || []).forEach(function (item) { map[item[key]] = item; });
    return map;
  }
  var units = index(data.units, "code");
  var channels = index(data.channels, "code");
  var labels = {};
  root.querySelectorAll("[data-field]").forEach(function (box) {
    var caption = box.querySelector("label, legend");
    if (caption) { labels[box.dataset.field] = caption.textContent.trim(); }
  });

  function unitName(code) { return units[code] ? units[code].name : S.none; }
  function channelLabel(code) { return channels[code] ? channels[code].label : S.none; }
  function measuresOf(code) { return channels[code] ? channels[code].measures || [] : []; }

  // ---- Dates: dd/mm/yyyy and HH:MM on the page, YYYY-MM-DD to the server.

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoDay(date) { return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()); }
  function showDay(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return parts ? parts[3] + "/" + parts[2] + "/" + parts[1] : "";
  }
  function showTime(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return ""; }
    return pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear() + " " +
      pad(date.getHours()) + ":" + pad(date.getMinutes());
  }
  function parseDay(text) {
    var value = text.trim();
    var day, month, year;
    var parts = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
    if (parts) {
      day = Number(parts[1]); month = Number(parts[2]); year = Number(parts[3]);
    } else {
      parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!parts) { return null; }
      year = Number(parts[1]); month = Number(parts[2]); day = Number(parts[3]);
    }
    var date = new Date(year, month - 1, day);
    if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) { return null; }
    return isoDay(date);
  }

  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
  function megabytes(bytes) { return numbers.format(bytes / (1024 * 1024)); }
  function showSize(bytes) {
    return bytes < 1024 * 1024 ? Math.max(1, Math.ceil(bytes / 1024)) + " KB" : megabytes(bytes) + " MB";
  }

  // ---- Ids made on the device.

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // ---- IndexedDB: "outbox" (waiting), "sent", "review" (the server's "conflict" and "review"), "meta".

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request;
      try {
        request = window.indexedDB.open(DB_NAME, DB_VERSION);
      } catch (error) {
        reject(error);
        return;
      }
      request.onupgradeneeded = function () {
        var database = request.result;
        ["outbox", "sent", "review"].forEach(function (name) {
          if (!database.objectStoreNames.contains(name)) { database.createObjectStore(name, { keyPath: "id" }); }
        });
        if (!database.objectStoreNames.contains("meta")) { database.createObjectStore("meta", { keyPath: "key" }); }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
      request.onblocked = function () { reject(new Error("blocked")); };
    });
  }

  // One transaction over `stores`; `work` gets the transaction and may return a request whose result is wanted.
  function perform(stores, mode, work) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction(stores, mode);
      var request = work(transaction);
      transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
      transaction.onabort = function () { reject(transaction.error || new Error("abort")); };
    });
  }
  function all(store) { return perform([store], "readonly", function (tx) { return tx.objectStore(store).getAll(); }); }
  function put(store, value) { return perform([store], "readwrite", function (tx) { tx.objectStore(store).put(value); }); }
  function remove(store, id) { return perform([store], "readwrite", function (tx) { tx.objectStore(store).delete(id); }); }
  function take(store, id) { return perform([store], "readonly", function (tx) { return tx.objectStore(store).get(id); }); }
  // A record leaves the outbox and enters `store` in one transaction: it is never in neither.
  function move(store, entry) {
    return perform(["outbox", store], "readwrite", function (tx) {
      tx.objectStore(store).put(entry);
      tx.objectStore("outbox").delete(entry.id);
    });
  }
  function getMeta(key) {
    return take("meta", key).then(function (row) { return row ? row.value : null; });
  }
  function setMeta(key, value) { return put("meta", { key: key, value: value }); }
  function mine(record) { return record.owner === me; }
  function isQuota(error) { return !!error && (error.name === "QuotaExceededError" || /quota/i.test(error.message || "")); }

  // Ask the browser not to clear this site's storage under pressure (records live here until sent).
  function persist() {
    if (persisted || !navigator.storage || !navigator.storage.persist) { return; }
    persisted = true;
    navigator.storage.persist().catch(function () { persisted = false; });
  }

  // ---- The form.

  function option(value, text) {
    var node = document.createElement("option");
    node.value = value;
    node.textContent = text;
    return node;
  }

  function checkbox(name, value, text, checked) {
    var label = document.createElement("label");
    label.className = "check";
    var input = document.createElement("input");
    input.type = "checkbox";
    input.name = name;
    input.value = value;
    input.checked = checked;
    label.appendChild(input);
    label.appendChild(document.createTextNode(" " + text));
    return label;
  }

  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (box) {
      return box.checked;
    }).map(function (box) { return box.value; });
  }

  // The unit decides which tasks and which of its registered channels (outlets) can be chosen.
  function fillUnit(code, tasks, outlet) {
    var unit = units[code];
    var box = el("[data-tasks]");
    box.textContent = "";
    var list = unit ? unit.tasks : [];
    list.forEach(function (task) {
      box.appendChild(checkbox("tasks", String(task.id), task.label, tasks.indexOf(task.id) >= 0));
    });
    el("[data-no-tasks]").hidden = list.length > 0;
    var outlets = unit ? unit.outlets : [];
    var select = fields.outlet;
    select.textContent = "";
    select.appendChild(option("", S.none));
    outlets.forEach(function (item) { select.appendChild(option(String(item.id), item.label)); });
    select.value = outlet === null || outlet === undefined ? "" : String(outlet);
    el("[data-outlet-field]").hidden = outlets.length === 0;
  }

  // The unit of measure follows the channel unless the officer typed one of their own (as activity.js does).
  var previousChannel = "";
  function fillMeasures() {
    var list = el("#of-measures");
    list.textContent = "";
    measuresOf(fields.channel.value).forEach(function (measure) { list.appendChild(option(measure, measure)); });
  }
  fields.channel.addEventListener("change", function () {
    var measure = fields.measure;
    if (!measure.value || measuresOf(previousChannel).indexOf(measure.value) >= 0) {
      measure.value = measuresOf(fields.channel.value)[0] || "";
    }
    previousChannel = fields.channel.value;
    fillMeasures();
  });
  fields.unit.addEventListener("change", function () {
    fillUnit(fields.unit.value, checked("tasks").map(Number), fields.outlet.value ? Number(fields.outlet.value) : null);
  });

  function clearErrors() {
    root.querySelectorAll("[data-error-for]").forEach(function (slot) { slot.hidden = true; slot.textContent = ""; });
    form.querySelectorAll(".invalid").forEach(function (box) { box.classList.remove("invalid"); });
    formError.hidden = true;
    formError.textContent = "";
  }

  // Errors are [{field, message}] from this page's checks or from the server: each goes beside its field when
  // the page has that field, the others into the form's error box.
  function showErrors(errors, detail) {
    var general = detail ? [detail] : [];
    var first = null;
    (errors || []).forEach(function (error) {
      var slot = null;
      root.querySelectorAll("[data-error-for]").forEach(function (node) {
        if (node.dataset.errorFor === error.field) { slot = node; }
      });
      if (!slot) { general.push(labelled(error)); return; }
      slot.textContent = slot.textContent ? slot.textContent + " " + error.message : error.message;
      slot.hidden = false;
      var box = slot.closest("[data-field]");
      if (box) {
        box.classList.add("invalid");
        if (box.closest("details")) { box.closest("details").open = true; }
        first = first || box.querySelector("input, select, textarea");
      }
    });
    if (general.length) {
      formError.textContent = general.join(" ");
      formError.hidden = false;
    }
    if (first) { first.focus(); }
  }

  function labelled(error) {
    return labels[error.field] ? labels[error.field] + ": " + error.message : error.message;
  }

  function readForm() {
    var errors = [];
    function need(field, value) {
      if (!value) { errors.push({ field: field, message: S.required }); }
      return value;
    }
    var unit = need("unit", fields.unit.value);
    var dateText = fields.date.value.trim();
    var date = dateText ? parseDay(dateText) : null;
    if (!dateText) { need("date", ""); } else if (!date) { errors.push({ field: "date", message: S.bad_date }); }
    var endText = fields.end_date.value.trim();
    var end = endText ? parseDay(endText) : null;
    if (endText && !end) {
      errors.push({ field: "end_date", message: S.bad_date });
    } else if (end && date && end < date) {
      errors.push({ field: "end_date", message: S.end_before_start });
    }
    var channel = need("channel", fields.channel.value);
    var title = need("title", fields.title.value.trim());
    if (title.length > data.limits.title_max) {
      errors.push({ field: "title", message: t("too_long", { n: data.limits.title_max }) });
    }
    var quantity = need("quantity", fields.quantity.value.trim());
    var outlet = el("[data-outlet-field]").hidden ? "" : fields.outlet.value;
    return {
      errors: errors,
      unit: unit,
      data: {
        date: date,
        end_date: end,
        channel: channel,
        title: title,
        reform_areas: checked("reform_areas"),
        quantity: quantity,
        measure: fields.measure.value.trim(),
        audience: fields.audience.value,
        reached: fields.reached.value.trim() || null,
        participants: fields.participants.value.trim() || null,
        url: fields.url.value.trim(),
        description: fields.description.value.trim(),
        tasks: checked("tasks").map(Number),
        outlet: outlet ? Number(outlet) : null,
        status: fields.draft.checked ? "draft" : "confirmed",
      },
    };
  }

  function resetForm() {
    var unit = fields.unit.value;
    form.reset();
    editing = null;
    files = [];
    previews = {};
    fields.unit.value = units[unit] ? unit : (data.units.length ? data.units[0].code : "");
    fields.date.value = showDay(isoDay(new Date()));
    fields.quantity.value = "1";
    previousChannel = "";
    fillUnit(fields.unit.value, [], null);
    fillMeasures();
    renderFiles();
    clearErrors();
    fileStatus.textContent = "";
    el("[data-editing]").hidden = true;
    el("[data-cancel-edit]").hidden = true;
    el("[data-more]").open = false;
  }

  function loadRecord(record, source) {
    resetForm();
    editing = { source: source, record: record };
    var d = record.data;
    fields.unit.value = record.unit;
    fillUnit(record.unit, d.tasks || [], d.outlet);
    fields.channel.value = d.channel;
    previousChannel = d.channel;
    fillMeasures();
    fields.title.value = d.title || "";
    fields.date.value = showDay(d.date);
    fields.end_date.value = showDay(d.end_date);
    fields.quantity.value = d.quantity || "";
    fields.measure.value = d.measure || "";
    fields.reached.value = d.reached || "";
    fields.participants.value = d.participants || "";
    fields.audience.value = d.audience || "";
    fields.url.value = d.url || "";
    fields.description.value = d.description || "";
    form.querySelectorAll("input[name=reform_areas]").forEach(function (box) {
      box.checked = (d.reform_areas || []).indexOf(box.value) >= 0;
    });
    fields.draft.checked = d.status === "draft";
    files = (record.files || []).map(function (file) { return Object.assign({}, file); });
    renderFiles();
    el("[data-more]").open = !!(d.audience || d.participants || d.url || d.description || d.outlet);
    var note = el("[data-editing]");
    note.textContent = source === "sent" ? S.editing_sent : S.editing_outbox;
    note.hidden = false;
    el("[data-cancel-edit]").hidden = false;
    if (record.problem) { showErrors(record.problem.errors, record.problem.detail); }
    form.scrollIntoView({ block: "start" });
    fields.title.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (preparing) { return; }
    clearErrors();
    formMessage.textContent = "";
    var read = readForm();
    if (read.errors.length) {
      showErrors(read.errors, S.form_invalid);
      return;
    }
    var now = new Date().toISOString();
    var base = editing ? editing.record : null;
    var record = {
      id: base ? base.id : uuid(),
      owner: me,
      unit: read.unit,
      // A record never sent has none; an activity already on the server is sent with the revision it last gave.
      revision: base && typeof base.revision === "number" ? base.revision : null,
      activity: base && base.activity ? base.activity : null,
      data: read.data,
      files: files.map(function (file) { return Object.assign({}, file); }),
      created: base && editing.source === "outbox" ? base.created : now,
      updated: now,
      problem: null,
    };
    saveButton.disabled = true;
    put("outbox", record).then(function () {
      persist();
      resetForm();
      formMessage.textContent = S.saved;
      return refresh();
    }).then(function () {
      if (navigator.onLine) { sync("save"); }
    }).catch(function (error) {
      formError.textContent = isQuota(error) ? S.storage_full : t("save_failed", { detail: error.message || error.name });
      formError.hidden = false;
    }).then(function () {
      saveButton.disabled = preparing > 0;
    });
  });

  el("[data-cancel-edit]").addEventListener("click", function () {
    resetForm();
    formMessage.textContent = "";
  });

  // ---- Evidence: photos made smaller through a canvas, documents kept as they are.

  function extension(name) {
    var parts = /\.([A-Za-z0-9]+)$/.exec(name || "");
    return parts ? parts[1].toLowerCase() : "";
  }
  function stem(name) { return (name || "").replace(/\.[A-Za-z0-9]+$/, "") || "image"; }

  function readBuffer(blob) {
    if (blob.arrayBuffer) { return blob.arrayBuffer(); }
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(blob);
    });
  }
  function readDataUrl(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsDataURL(blob);
    });
  }

  // A decoded picture: createImageBitmap where the browser has it (the photo's orientation applied), else an <img>
  // from a data: URL (the page's CSP refuses blob: images).
  function decode(file) {
    function viaImage() {
      return readDataUrl(file).then(function (url) {
        return new Promise(function (resolve, reject) {
          var image = new Image();
          image.onload = function () { resolve(image); };
          image.onerror = function () { reject(new Error("decode")); };
          image.src = url;
        });
      });
    }
    if (typeof window.createImageBitmap !== "function") { return viaImage(); }
    return window.createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
      return window.createImageBitmap(file);
    }).catch(viaImage);
  }

  function shrink(file) {
    return decode(file).then(function (picture) {
      var width = picture.naturalWidth || picture.width;
      var height = picture.naturalHeight || picture.height;
      if (!width || !height) { throw new Error("decode"); }
      var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // transparent parts of a PNG would turn black in a JPEG
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(picture, 0, 0, canvas.width, canvas.height);
      if (picture.close) { picture.close(); }
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) {
          if (blob) { resolve({ blob: blob, scaled: scale < 1 }); } else { reject(new Error("encode")); }
        }, "image/jpeg", QUALITY);
      });
    });
  }

  function entry(name, type, blob) {
    return readBuffer(blob).then(function (buffer) {
      return { id: uuid(), name: name, type: type, size: buffer.byteLength, sent: false, content: buffer };
    });
  }

  function prepare(file, notes) {
    var limit = data.limits.evidence_max_bytes;
    var tooLarge = new Error(t("file_too_large", { name: file.name, mb: megabytes(limit) }));
    var ext = extension(file.name);
    if (/^image\//.test(file.type) || PHOTOS.indexOf(ext) >= 0) {
      return shrink(file).then(function (result) {
        // A JPEG already small enough stays as it was when the canvas would only make it larger.
        var keep = file.type === "image/jpeg" && !result.scaled && file.size <= result.blob.size;
        var blob = keep ? file : result.blob;
        if (blob.size > limit) { throw tooLarge; }
        return entry(keep ? file.name : stem(file.name) + ".jpg", "image/jpeg", blob);
      }, function () {
        // This browser cannot read the picture: the server still takes it as it is if it knows its kind.
        if (SERVER_PHOTOS.indexOf(file.type) < 0) { throw new Error(t("photo_unreadable", { name: file.name })); }
        if (file.size > limit) { throw tooLarge; }
        notes.push(t("photo_kept", { name: file.name }));
        return entry(file.name, file.type, file);
      });
    }
    if (DOCUMENTS.indexOf(ext) >= 0) {
      if (file.size > limit) { return Promise.reject(tooLarge); }
      return entry(file.name, file.type || "application/octet-stream", file);
    }
    return Promise.reject(new Error(t("file_type", { name: file.name })));
  }

  fileInput.addEventListener("change", function () {
    var chosen = Array.prototype.slice.call(fileInput.files || []);
    fileInput.value = "";
    var problems = [];
    var owner = editing; // a file prepared for one record must not land in another after "Thôi sửa"
    chosen.forEach(function (file) {
      preparing += 1;
      saveButton.disabled = true;
      fileStatus.textContent = S.reducing;
      queue = queue.then(function () {
        return prepare(file, problems).then(function (prepared) {
          if (owner === editing) { files.push(prepared); renderFiles(); }
        }, function (error) {
          problems.push(error.message);
        });
      }).then(function () {
        preparing -= 1;
        if (!preparing) {
          saveButton.disabled = false;
          fileStatus.textContent = problems.join(" ");
        }
      });
    });
  });

  function renderFiles() {
    fileList.textContent = "";
    files.forEach(function (file) {
      var item = document.createElement("li");
      item.className = "offline-file";
      item.setAttribute("data-testid", "file-item");
      if (file.content && /^image\//.test(file.type)) {
        var thumb = document.createElement("img");
        thumb.className = "thumb";
        thumb.alt = "";
        item.appendChild(thumb);
        if (previews[file.id]) {
          thumb.src = previews[file.id];
        } else {
          readDataUrl(new Blob([file.content], { type: file.type })).then(function (url) {
            previews[file.id] = url;
            thumb.src = url;
          }, function () { thumb.remove(); });
        }
      }
      var name = document.createElement("span");
      name.textContent = file.name + " (" + showSize(file.size) + ")";
      item.appendChild(name);
      if (file.sent) {
        var tag = document.createElement("span");
        tag.className = "badge status-confirmed";
        tag.textContent = S.file_sent;
        item.appendChild(tag);
      } else {
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "link";
        drop.textContent = S.file_remove;
        drop.setAttribute("data-testid", "file-remove");
        drop.addEventListener("click", function () {
          files = files.filter(function (other) { return other.id !== file.id; });
          delete previews[file.id];
          renderFiles();
        });
        item.appendChild(drop);
      }
      fileList.appendChild(item);
    });
  }

  // ---- The lists: waiting, needing review, sent.

  function newest(key) {
    return function (a, b) { return (b[key] || "").localeCompare(a[key] || ""); };
  }

  function activityUrl(id) {
    var template = data.urls.activity;
    var at = template.lastIndexOf("0");
    return at < 0 ? template : template.slice(0, at) + id + template.slice(at + 1);
  }

  function button(text, testid, action, id, confirmText) {
    var node = document.createElement("button");
    node.type = "button";
    node.textContent = text;
    node.setAttribute("data-testid", testid);
    node.dataset.action = action;
    node.dataset.id = id;
    if (confirmText) { node.dataset.confirm = confirmText; } // confirm.js asks before the click reaches us
    return node;
  }

  function link(text, testid, href) {
    var node = document.createElement("a");
    node.textContent = text;
    node.href = href;
    node.setAttribute("data-testid", testid);
    return node;
  }

  function card(testid, record, when) {
    var item = document.createElement("li");
    item.className = "record";
    item.setAttribute("data-testid", testid);
    item.dataset.id = record.id;
    var head = document.createElement("div");
    head.className = "record-head";
    var title = document.createElement("strong");
    title.className = "record-title";
    title.textContent = record.data.title;
    head.appendChild(title);
    if (record.data.status === "draft") {
      var draft = document.createElement("span");
      draft.className = "badge status-draft";
      draft.textContent = S.draft;
      head.appendChild(draft);
    }
    item.appendChild(head);
    var days = showDay(record.data.date) + (record.data.end_date ? " – " + showDay(record.data.end_date) : "");
    var count = (record.files || []).length;
    var facts = document.createElement("p");
    facts.className = "muted small record-facts";
    facts.textContent = [days, unitName(record.unit), channelLabel(record.data.channel),
      count ? t("files_count", { n: count }) : "", when].filter(Boolean).join(" · ");
    item.appendChild(facts);
    return item;
  }

  function renderOutbox(list) {
    var holder = el("[data-outbox]");
    holder.textContent = "";
    list.forEach(function (record) {
      var item = card("outbox-item", record, t("saved_at", { time: showTime(record.updated) }));
      if (record.problem) {
        var problem = document.createElement("div");
        problem.className = "error";
        problem.setAttribute("data-testid", "outbox-error");
        var detail = record.problem.detail || "";
        problem.textContent = t("record_refused", { detail: detail });
        // The reasons the detail does not already say, each with the name of its field.
        var more = (record.problem.errors || []).filter(function (error) {
          return error.message && detail.indexOf(error.message) < 0;
        });
        if (more.length) {
          var reasons = document.createElement("ul");
          more.forEach(function (error) {
            var reason = document.createElement("li");
            reason.textContent = labelled(error);
            reasons.appendChild(reason);
          });
          problem.appendChild(reasons);
        }
        item.appendChild(problem);
      }
      var actions = document.createElement("div");
      actions.className = "record-actions";
      var edit = button(S.edit, "outbox-edit", "edit-outbox", record.id);
      var drop = button(S.delete, "outbox-delete", "delete", record.id, S.delete_confirm);
      edit.disabled = syncing;
      drop.disabled = syncing;
      actions.appendChild(edit);
      actions.appendChild(drop);
      item.appendChild(actions);
      holder.appendChild(item);
    });
    el("[data-outbox-empty]").hidden = list.length > 0;
  }

  function renderReview(list) {
    var holder = el("[data-review]");
    holder.textContent = "";
    list.forEach(function (record) {
      var item = card("review-item", record, t("sent_at", { time: showTime(record.at) }));
      var tag = document.createElement("span");
      tag.className = "tag st-returned";
      tag.textContent = S["outcome_" + record.outcome] || S.outcome_review;
      item.querySelector(".record-head").appendChild(tag);
      var message = document.createElement("p");
      message.setAttribute("data-testid", "review-message");
      message.textContent = record.message || "";
      item.appendChild(message);
      var actions = document.createElement("div");
      actions.className = "record-actions";
      actions.appendChild(link(S.open_review, "review-link", record.url || data.urls.review));
      actions.appendChild(button(S.dismiss, "review-dismiss", "dismiss", record.id, S.dismiss_confirm));
      item.appendChild(actions);
      holder.appendChild(item);
    });
    el("[data-review-section]").hidden = list.length === 0;
  }

  function renderSent(list) {
    var holder = el("[data-sent]");
    holder.textContent = "";
    list.forEach(function (record) {
      var when = (S["outcome_" + record.outcome] || "") + " · " + t("sent_at", { time: showTime(record.sentAt) });
      var item = card("sent-item", record, when);
      var actions = document.createElement("div");
      actions.className = "record-actions";
      if (record.activity) { actions.appendChild(link(S.view_activity, "sent-link", activityUrl(record.activity))); }
      var edit = button(S.edit, "sent-edit", "edit-sent", record.id);
      edit.disabled = syncing;
      actions.appendChild(edit);
      item.appendChild(actions);
      holder.appendChild(item);
    });
    el("[data-sent-section]").hidden = list.length === 0;
  }

  function refresh() {
    return Promise.all([all("outbox"), all("sent"), all("review"), getMeta("lastSync:" + me)]).then(function (found) {
      var outbox = found[0];
      var own = outbox.filter(mine).sort(newest("updated"));
      var review = found[2].filter(mine).sort(newest("at"));
      // An activity being edited again (in the outbox) or waiting for a decision is listed there, not twice.
      var elsewhere = {};
      own.concat(review).forEach(function (record) { elsewhere[record.id] = true; });
      var sent = found[1].filter(function (record) { return mine(record) && !elsewhere[record.id]; }).sort(newest("sentAt"));
      el("[data-testid=outbox-count]").textContent = String(own.length);
      el("[data-testid=last-sync]").textContent = found[3] ? showTime(found[3]) : S.never_synced;
      var others = {};
      outbox.forEach(function (record) {
        if (!mine(record)) { others[record.owner] = (others[record.owner] || 0) + 1; }
      });
      var other = el("[data-other-owner]");
      other.textContent = Object.keys(others).map(function (user) {
        return t("other_owner", { n: others[user], user: user });
      }).join(" ");
      other.hidden = !other.textContent;
      renderOutbox(own);
      renderReview(review);
      renderSent(sent);
    });
  }

  root.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("button[data-action]");
    if (!target || target.disabled) { return; }
    var id = target.dataset.id;
    var action = target.dataset.action;
    if (action === "edit-outbox" || action === "delete") {
      take("outbox", id).then(function (record) {
        if (!record) { return refresh(); }
        if (action === "edit-outbox") { loadRecord(record, "outbox"); return null; }
        if (editing && editing.record.id === id) { resetForm(); }
        return remove("outbox", id).then(refresh);
      });
    } else if (action === "edit-sent") {
      take("sent", id).then(function (record) { if (record) { loadRecord(record, "sent"); } });
    } else if (action === "dismiss") {
      remove("review", id).then(refresh);
    }
  });

  // ---- The sync.

  function say(text) { el("[data-testid=sync-message]").textContent = text; }

  function answerOf(response) {
    // A session that is gone may show as a redirect to the sign-in page rather than a 401.
    var login = response.redirected && /\/login\//.test(response.url);
    var type = response.headers.get("Content-Type") || "";
    var body = type.indexOf("json") >= 0 ? response.json().catch(function () { return null; }) : Promise.resolve(null);
    return body.then(function (value) { return { status: login ? 401 : response.status, body: value }; });
  }

  function getState() {
    return fetch(data.urls.state, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    }).then(answerOf);
  }

  function send(record, csrf) {
    var fresh = (record.files || []).filter(function (file) { return !file.sent; });
    var body = new FormData();
    body.append("record", JSON.stringify({
      id: record.id,
      unit: record.unit,
      revision: record.revision,
      data: record.data,
      files: fresh.map(function (file) { return { id: file.id, name: file.name }; }),
    }));
    fresh.forEach(function (file) {
      body.append("file-" + file.id, new Blob([file.content], { type: file.type || "application/octet-stream" }), file.name);
    });
    return fetch(data.urls.sync, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
    }).then(answerOf);
  }

  function sessionExpired(shown) { el("[data-session-expired]").hidden = !shown; }

  function serverWaiting(state) {
    var box = el("[data-server-waiting]");
    var conflicts = state.conflicts || 0;
    var reviews = state.reviews || 0;
    box.querySelector("span").textContent = t("server_waiting", { conflicts: conflicts, reviews: reviews });
    box.hidden = conflicts + reviews === 0;
  }

  function metadata(list) {
    return (list || []).map(function (file) {
      return { id: file.id, name: file.name, type: file.type, size: file.size, sent: true };
    });
  }

  // What one answer does to its record; "stop" ends the sync (session gone, server or network down).
  function settle(record, answer, result) {
    var body = answer.body || {};
    var status = answer.status;
    var now = new Date().toISOString();
    if (status === 200 && SENT_OUTCOMES.indexOf(body.outcome) >= 0) {
      result.sent += 1;
      return move("sent", {
        id: record.id, owner: record.owner, unit: record.unit, data: record.data, files: metadata(record.files),
        activity: body.activity, revision: body.revision, outcome: body.outcome, message: body.message || "", sentAt: now,
      });
    }
    if (status === 200 && REVIEW_OUTCOMES.indexOf(body.outcome) >= 0) {
      result.review += 1;
      return move("review", {
        id: record.id, owner: record.owner, unit: record.unit, data: record.data, files: metadata(record.files),
        activity: body.activity || null, revision: body.revision === undefined ? null : body.revision,
        outcome: body.outcome, message: body.message || "", url: body.url || null, at: now,
      });
    }
    if (status === 401) {
      result.stop = "session";
      return Promise.resolve("stop");
    }
    if (status === 0 || status === 408 || status === 429 || status >= 500) {
      result.stop = "server";
      result.status = status;
      return Promise.resolve("stop");
    }
    var problem;
    if (status === 200) {
      problem = { status: status, detail: S.record_unknown, errors: [] };
    } else {
      problem = {
        status: status,
        detail: body.detail || t("record_kept", { status: status }),
        errors: Array.isArray(body.errors) ? body.errors : [],
      };
    }
    result.invalid += 1;
    record.problem = problem;
    return put("outbox", record);
  }

  async function runSync(waiting, result) {
    var state = await getState();
    if (state.status === 401) { result.stop = "session"; return; }
    if (state.status !== 200 || !state.body) { result.stop = "server"; result.status = state.status; return; }
    sessionExpired(false);
    serverWaiting(state.body);
    if (state.body.user !== me) { result.stop = "user"; result.user = state.body.user; return; }
    var csrf = state.body.csrf;
    for (var i = 0; i < waiting.length; i += 1) {
      var answer = await send(waiting[i], csrf);
      if (answer.status === 403 && answer.body && answer.body.code === "csrf_failed") {
        // The token of a page kept from an earlier session: ask for the current one and try once more.
        state = await getState();
        if (state.status === 401) { result.stop = "session"; return; }
        if (state.status !== 200 || !state.body) { result.stop = "server"; result.status = state.status; return; }
        csrf = state.body.csrf;
        answer = await send(waiting[i], csrf);
        if (answer.status === 403 && answer.body && answer.body.code === "csrf_failed") { result.stop = "csrf"; return; }
      }
      if (await settle(waiting[i], answer, result) === "stop") { return; }
      result.answered = true;
    }
    result.done = true;
    if (result.review) {
      // The server's counts of records waiting for a choice now include these.
      try {
        state = await getState();
        if (state.status === 200 && state.body) { serverWaiting(state.body); }
      } catch {
        // The counts wait for the next sync.
      }
    }
  }

  async function pruneSent() {
    var list = (await all("sent")).filter(mine).sort(newest("sentAt"));
    var oldest = Date.now() - SENT_DAYS * DAY_MS;
    var drop = list.filter(function (record, position) {
      return position >= SENT_KEEP || Date.parse(record.sentAt) < oldest;
    });
    for (var i = 0; i < drop.length; i += 1) { await remove("sent", drop[i].id); }
  }

  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      if (navigator.onLine) { sync("retry"); }
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX);
  }

  function report(result) {
    var parts = [];
    if (result.sent) { parts.push(t("sync_sent", { n: result.sent })); }
    if (result.review) { parts.push(t("sync_review", { n: result.review })); }
    if (result.invalid) { parts.push(t("sync_invalid", { n: result.invalid })); }
    if (result.stop === "network") { parts.push(S.sync_network); }
    if (result.stop === "server") { parts.push(t("sync_server", { status: result.status || "—" })); }
    if (result.stop === "csrf") { parts.push(S.sync_csrf); }
    if (result.stop === "user") { parts.push(t("sync_wrong_user", { user: result.user })); }
    if (!parts.length && !result.stop) { parts.push(S.sync_nothing); }
    say(parts.join(" "));
  }

  async function sync(reason) {
    if (syncing || !db) { return; }
    var waiting = (await all("outbox")).filter(function (record) {
      // The record open in the form is sent when it is saved, not while the officer is changing it.
      return mine(record) && !(editing && editing.source === "outbox" && editing.record.id === record.id);
    }).sort(function (a, b) { return (a.created || "").localeCompare(b.created || ""); });
    if (!waiting.length && reason !== "manual") { return; }
    syncing = true;
    syncButton.disabled = true;
    say(S.syncing);
    if (retryTimer) { window.clearTimeout(retryTimer); retryTimer = null; }
    var result = { sent: 0, review: 0, invalid: 0, stop: null, status: 0, answered: false, done: false };
    await refresh(); // the lists' buttons are disabled while the sync runs
    try {
      await runSync(waiting, result);
    } catch (error) {
      // fetch() found no network (or the storage failed, which the next sync meets again): nothing was lost.
      result.stop = result.stop || (isQuota(error) ? "server" : "network");
    }
    try {
      if (result.done || result.answered) {
        await setMeta("lastSync:" + me, new Date().toISOString());
        await pruneSent();
      }
    } finally {
      syncing = false;
      syncButton.disabled = false;
      if (result.stop === "session") { sessionExpired(true); }
      if (result.stop === "network" || result.stop === "server") { scheduleRetry(); } else { retryDelay = RETRY_FIRST; }
      report(result);
      await refresh();
    }
  }

  syncButton.addEventListener("click", function () { sync("manual"); });

  // ---- Connection, start.

  function showConnection() {
    var node = el("[data-testid=connection]");
    var online = navigator.onLine;
    node.dataset.state = online ? "online" : "offline";
    node.textContent = online ? S.online : S.offline;
  }

  // The service worker keeps this page's own files (whatever the template loads) for use without a connection.
  function cacheAssets() {
    if (!("serviceWorker" in navigator)) { return; }
    var urls = [];
    document.querySelectorAll("script[src], link[href]").forEach(function (node) {
      if (node.tagName === "LINK" && !/stylesheet|icon|manifest/.test(node.rel || "")) { return; }
      var url = new URL(node.src || node.href, window.location.href);
      if (url.origin === window.location.origin) { urls.push(url.pathname + url.search); }
    });
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage({ type: "cache", urls: urls }); }
    });
  }

  function start() {
    el("[data-script-needed]").hidden = true;
    var opened = window.indexedDB ? openDb() : Promise.reject(new Error("indexedDB"));
    opened.then(function (database) {
      db = database;
      db.onversionchange = function () { db.close(); db = null; };
      el("[data-status]").hidden = false;
      el("[data-lists]").hidden = false;
      form.hidden = false;
      if (data.generated_at) { el("[data-age]").textContent = t("data_age", { time: showTime(data.generated_at) }); }
      resetForm();
      showConnection();
      window.addEventListener("online", function () { showConnection(); sync("online"); });
      window.addEventListener("offline", showConnection);
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible" && navigator.onLine) { sync("visible"); }
      });
      return refresh().then(function () {
        if (navigator.onLine) { sync("load"); }
        cacheAssets();
      });
    }, function () {
      el("[data-storage-unavailable]").hidden = false;
    });
  }

  start();
})();
