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

// Passages from what the administrations wrote, inserted into a section of the memo as a
// paragraph of their own: after the paragraph the cursor was in, or at the section's end. Without JavaScript the passages stay readable and
// can be copied; the buttons and the choice of section appear only here.
(function () {
  "use strict";
  var panel = document.getElementById("memo-sources");
  var target = document.getElementById("sources-target");
  var form = document.getElementById("memo-form");
  if (!panel || !target || !form) {
    return;
  }
  var status = document.getElementById("sources-status");
  var controls = panel.querySelector("[data-sources-controls]");
  var buttons = panel.querySelectorAll("[data-insert-source]");
  var touched = {};

  controls.hidden = false;
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
  });

  // The section last written in becomes the target, and its cursor position counts.
  form.addEventListener("focusin", function (event) {
    var field = event.target;
    if (field.tagName !== "TEXTAREA" || !field.id) {
      return;
    }
    touched[field.id] = true;
    if (target.querySelector('option[value="' + field.id + '"]')) {
      target.value = field.id;
    }
  });

  function insert(field, text) {
    var value = field.value;
    var caret;
    if (touched[field.id]) {
      // A passage is a paragraph of its own: after the paragraph the cursor is in, or before
      // it when the cursor stands at its very start.
      var start = field.selectionStart;
      var at = value.slice(0, start).replace(/[ \t]+$/, "");
      var split;
      if (at === "" || /\n\s*\n$/.test(at)) {
        split = at.length;
      } else {
        var next = value.slice(start).search(/\n\s*\n/);
        split = next === -1 ? value.length : start + next;
      }
      var before = value.slice(0, split).replace(/\s+$/, "");
      var after = value.slice(split).replace(/^\s+/, "");
      field.value = (before ? before + "\n\n" : "") + text + (after ? "\n\n" + after : "");
      caret = (before ? before.length + 2 : 0) + text.length;
    } else {
      var kept = value.replace(/\s+$/, "");
      field.value = kept ? kept + "\n\n" + text : text;
      caret = field.value.length;
    }
    touched[field.id] = true;
    field.setSelectionRange(caret, caret);
    // The preview and any unsaved-changes warning follow typed text through this event.
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  panel.addEventListener("click", function (event) {
    var button = event.target.closest("[data-insert-source]");
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-insert-source"));
    var field = document.getElementById(target.value);
    if (!source || !field) {
      return;
    }
    insert(field, source.textContent.trim());
    if (status) {
      var label = target.options[target.selectedIndex].text;
      status.textContent = status.getAttribute("data-inserted").replace("%(section)s", label);
    }
  });
})();
