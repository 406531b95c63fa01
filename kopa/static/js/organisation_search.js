// The directory search inside a form: Enter in the search field presses "Search" rather than the
// form's own button. Without JavaScript, "Search" is a button of its own and Enter elsewhere
// submits the form as usual.
(function () {
  "use strict";
  document.querySelectorAll("[data-search-button]").forEach(function (input) {
    var button = document.getElementById(input.getAttribute("data-search-button"));
    if (!button) return;
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      button.click();
    });
  });
})();
