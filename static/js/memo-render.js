// Status of a file made in the background (the memo's draft PDF or Word, publishing, an Excel
// export): while the box says it is being made, ask the server for the box again until it is
// done or failed.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-progress-url]");
  var LONGEST_WAIT_MS = 10 * 60 * 1000;

  function state(box) {
    var inner = box.querySelector("[data-render-state]");
    return inner ? inner.getAttribute("data-render-state") : "none";
  }

  function watch(box) {
    var url = box.getAttribute("data-progress-url");
    var delay = 1000;
    var started = Date.now();

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var next = document.createElement("div");
          next.innerHTML = html;
          // Replaced only when the state changes, so screen readers announce it once.
          if (state(next) !== state(box)) {
            box.innerHTML = html;
          }
          schedule();
        })
        .catch(schedule);
    }

    function schedule() {
      if (state(box) !== "pending" || Date.now() - started > LONGEST_WAIT_MS) {
        return;
      }
      window.setTimeout(poll, delay);
      // A long render is asked about less often.
      delay = Math.min(delay * 1.5, 5000);
    }

    schedule();
  }

  Array.prototype.forEach.call(boxes, watch);
})();
