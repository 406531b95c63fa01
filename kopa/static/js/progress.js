// The progress of a background import or job: look at the page again every few seconds and show the new progress in
// place (a polite live region); once the work is done, load the whole page. Without JavaScript a
// <noscript> refresh does the same.
(function () {
  "use strict";
  var region = document.querySelector("[data-refresh-seconds]");
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = Number(region.getAttribute("data-refresh-seconds")) || 2;

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
        if (!fresh || !fresh.hasAttribute("data-refresh-seconds")) {
          window.location.reload();
          return;
        }
        if (fresh.innerHTML !== region.innerHTML) {
          region.innerHTML = fresh.innerHTML;
        }
        window.setTimeout(poll, seconds * 1000);
      })
      .catch(function () {
        window.setTimeout(poll, seconds * 5000);
      });
  }

  window.setTimeout(poll, seconds * 1000);
})();
