/* The Logbook's entry form without a connection: an entry saved while the browser is offline is kept
   in this device's localStorage and sent when the connection returns (on the "online" event, and when
   any Logbook page opens). Each entry carries the UUID the server made for the form, so an entry sent
   twice is stored once; the next entry gets a new UUID here. The texts come from the page
   (data-* attributes of #logbook-offline-status), in the page's language. */
(function () {
  "use strict";
  var KEY = "kopa.logbook.queue";
  var status = document.getElementById("logbook-offline-status");
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { window.localStorage.setItem(KEY, JSON.stringify(queue)); }
  function say(name, count) {
    if (!status) { return; }
    var text = status.getAttribute("data-" + name) || "";
    status.textContent = text.replace("%(count)s", String(count));
  }
  function newUuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function flush() {
    var queue = load();
    if (sending || !queue.length || !navigator.onLine) { return; }
    sending = true;
    var item = queue[0];
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    fetch(item.url, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        var rest = load().filter(function (other) { return other.uuid !== item.uuid; });
        save(rest);
        sending = false;
        // A redirect is the saved entry (or one saved before); anything else the server refused.
        if (response.type !== "opaqueredirect" && response.status !== 302) { say("refused", 1); return; }
        if (rest.length) { flush(); } else { say("sent", 0); }
      })
      .catch(function () { sending = false; say("waiting", load().length); });
  }

  var form = document.querySelector("form.logbook-entry[data-offline]");
  if (form) {
    // A page kept by the service worker may carry a UUID already used: every page shown gets its own.
    form.querySelector("input[name=uuid]").value = newUuid();
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; }
      event.preventDefault();
      var fields = [];
      new FormData(form).forEach(function (value, name) { fields.push([name, String(value)]); });
      var uuidField = form.querySelector("input[name=uuid]");
      var queue = load();
      queue.push({ url: form.action, uuid: uuidField.value, fields: fields });
      save(queue);
      form.reset();
      uuidField.value = newUuid();
      say("waiting", queue.length);
    });
  }
  window.addEventListener("online", flush);
  flush();
  if (status && status.getAttribute("data-worker") && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(status.getAttribute("data-worker")).catch(function () {});
  }
})();
