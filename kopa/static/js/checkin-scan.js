// Camera scanning for the check-in page, where the browser can read QR codes itself
// (the BarcodeDetector API). Without it the page works as it is: type or paste the code.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("checkin-form");
  var scanner = document.getElementById("checkin-scanner");
  if (!form || !scanner || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var field = form.querySelector("input[name=code]");
  var start = document.getElementById("checkin-scan-start");
  var video = document.getElementById("checkin-video");
  var status = document.getElementById("checkin-scan-status");
  var say = function (key) {
    status.textContent = (script && script.dataset[key]) || "";
  };

  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") === -1) {
      return;
    }
    scanner.hidden = false;
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var stream = null;

    var stop = function () {
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        stream = null;
      }
      video.hidden = true;
    };

    var look = function () {
      if (!stream) {
        return;
      }
      detector.detect(video).then(function (codes) {
        if (codes.length && codes[0].rawValue) {
          field.value = codes[0].rawValue.trim();
          stop();
          form.submit();
        } else {
          window.requestAnimationFrame(look);
        }
      }).catch(function () {
        window.requestAnimationFrame(look);
      });
    };

    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (camera) {
          stream = camera;
          video.srcObject = camera;
          video.hidden = false;
          say("scanning");
          return video.play();
        })
        .then(look)
        .catch(function () {
          stop();
          say("unavailable");
          field.focus();
        });
    });
    window.addEventListener("pagehide", stop);
  }).catch(function () { /* no camera support: typing works */ });

  var result = document.getElementById("checkin-result");
  if (result) {
    field.focus();
  }
})();
