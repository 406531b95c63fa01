// Shows a part of a form only while another field has a given answer:
//   <div data-show-if-name="field_name" data-show-if-value="value"> … </div>
// Without JavaScript every part stays visible and the server ignores answers whose condition is not
// met. A part whose controlling field is itself hidden counts as unanswered, so conditions chain.
(function () {
  "use strict";

  function answers(form, name) {
    var values = [];
    form.querySelectorAll("[name]").forEach(function (control) {
      if (control.name !== name) return;
      var holder = control.closest("[data-show-if-name]");
      if (holder && holder.hidden) return;
      if ((control.type === "radio" || control.type === "checkbox") && !control.checked) return;
      if (control.tagName === "SELECT") {
        Array.prototype.forEach.call(control.selectedOptions, function (option) {
          values.push(option.value);
        });
        return;
      }
      values.push(control.value);
    });
    return values.map(function (value) { return value.trim().toLowerCase(); });
  }

  function update(form) {
    var parts = form.querySelectorAll("[data-show-if-name]");
    // Repeat until nothing changes: showing one part may show or hide the parts that depend on it.
    for (var round = 0; round <= parts.length; round += 1) {
      var changed = false;
      parts.forEach(function (part) {
        var wanted = (part.getAttribute("data-show-if-value") || "").trim().toLowerCase();
        var show = answers(form, part.getAttribute("data-show-if-name")).indexOf(wanted) !== -1;
        if (part.hidden === show) {
          part.hidden = !show;
          changed = true;
        }
      });
      if (!changed) return;
    }
  }

  function start() {
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector("[data-show-if-name]")) return;
      form.addEventListener("change", function () { update(form); });
      form.addEventListener("input", function () { update(form); });
      update(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
