// Live preview of the memo while the development coordinator edits it. The server renders the
// preview with the same template and text rules as the PDF; nothing is saved until "Spara".
(function () {
  "use strict";
  var form = document.getElementById("memo-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var preview = document.getElementById(form.getAttribute("data-preview-target"));
  var url = form.getAttribute("data-preview-url");
  var status = document.getElementById("preview-status");
  var timer = null;
  var latest = 0;

  function refresh() {
    var request = ++latest;
    preview.classList.add("is-updating");
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        if (request !== latest) {
          return; // an answer to an older edit
        }
        // The server escapes every text; the fragment is the memo body template.
        preview.innerHTML = html;
        preview.classList.remove("is-updating");
        if (status) {
          status.textContent = status.getAttribute("data-updated");
        }
      })
      .catch(function () {
        preview.classList.remove("is-updating");
        if (status) {
          status.textContent = status.getAttribute("data-failed");
        }
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
