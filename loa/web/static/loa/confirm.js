/* Confirmations before an irreversible action, on every page (loaded by the base template).
   A form or its submit button (or a link) carrying data-confirm asks window.confirm() first; data-confirm-second
   asks a second question after it (an early submission). When the submit button names data-confirmed-field,
   that hidden input of the form is set to "1" once every question was accepted, so the server knows the
   person saw them. Cancelling any question changes nothing. */
(function () {
  "use strict";

  function questions(element) {
    if (!element || !element.dataset) { return []; }
    return [element.dataset.confirm, element.dataset.confirmSecond].filter(Boolean);
  }

  function allAccepted(list) {
    for (var i = 0; i < list.length; i += 1) {
      if (!window.confirm(list[i])) { return false; }
    }
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter || null;
    var asks = questions(button).concat(questions(form));
    if (!asks.length) { return; }
    if (!allAccepted(asks)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    var field = button && button.dataset.confirmedField;
    if (field && form.elements[field]) { form.elements[field].value = "1"; }
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-confirm], button[type=button][data-confirm]");
    if (link && !allAccepted(questions(link))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
