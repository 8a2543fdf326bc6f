// Forms that keep what was typed (data-keep-text on the <form>): a warning before the idle
// session ends, the text kept in this tab's sessionStorage until it is saved (and put back
// after signing in again), a question before leaving with unsaved changes, and the time of
// the last save. Configuration comes from #session-guard's data attributes (no inline script).
(function () {
  "use strict";

  var guard = document.getElementById("session-guard");
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-keep-text]"));
  var DRAFT_PREFIX = "form-draft:";
  // The form's one-time token (see the form_token template tag): kept with the draft and put
  // back with it, so that a form sent again after signing in is known as the one sent before.
  var TOKEN_FIELD = "form_token";
  var CONTACT_KEY = "session-last-contact";
  // A save that has not shown its result within this time is not waited for any longer.
  var SUBMIT_WINDOW_MS = 10 * 60 * 1000;

  function storage(kind) {
    try {
      var store = window[kind];
      store.setItem("session-test", "1");
      store.removeItem("session-test");
      return store;
    } catch (error) {
      return null; // private mode or storage switched off: the forms work as before
    }
  }
  var drafts = storage("sessionStorage");
  var shared = storage("localStorage");

  function readJSON(store, key) {
    if (!store) {
      return null;
    }
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function writeJSON(store, key, value) {
    if (!store) {
      return;
    }
    try {
      store.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full: nothing more can be kept.
    }
  }

  function announce(text) {
    var region = document.querySelector(".messages[role=status]");
    if (!region || !text) {
      return;
    }
    var note = document.createElement("div");
    note.className = "alert alert-info";
    note.textContent = text;
    region.appendChild(note);
  }

  // --- The last save's time -------------------------------------------------------------------

  function clock(date) {
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return two(date.getHours()) + ":" + two(date.getMinutes());
  }

  function finishSubmittedDrafts() {
    // A form sent in a moment ago whose page now shows a success message was saved (or was
    // found saved already): its draft is no longer needed, and a new save says when.
    if (!drafts || !guard) {
      return;
    }
    var success = document.querySelector(".messages .alert-success");
    var alreadySaved = document.querySelector(".messages .form-saved");
    var now = Date.now();
    var finished = false;
    for (var i = drafts.length - 1; i >= 0; i--) {
      var key = drafts.key(i);
      if (!key || key.indexOf(DRAFT_PREFIX) !== 0) {
        continue;
      }
      var draft = readJSON(drafts, key);
      if (
        draft &&
        draft.submittedAt &&
        now - draft.submittedAt < SUBMIT_WINDOW_MS &&
        (success || alreadySaved)
      ) {
        drafts.removeItem(key);
        finished = true;
      }
    }
    if (finished && success) {
      var stamp = document.createElement("span");
      stamp.className = "saved-at";
      stamp.textContent = " " + guard.getAttribute("data-saved-text") + " " + clock(new Date());
      success.appendChild(stamp);
    }
  }

  finishSubmittedDrafts();

  if (!forms.length || !guard) {
    return;
  }

  // --- Drafts of what was typed ---------------------------------------------------------------

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      var type = (field.type || "").toLowerCase();
      return (
        field.name &&
        !field.disabled &&
        field.name !== "csrfmiddlewaretoken" &&
        ["hidden", "file", "submit", "button", "reset", "password"].indexOf(type) === -1
      );
    });
  }

  function values(form) {
    var result = {};
    fields(form).forEach(function (field) {
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if (field.checked) {
          result[field.name + "=" + field.value] = true;
        }
      } else {
        result[field.name] = field.value;
      }
    });
    return result;
  }

  function sameValues(a, b) {
    var keys = Object.keys(a).concat(Object.keys(b));
    for (var i = 0; i < keys.length; i++) {
      if ((a[keys[i]] || "") !== (b[keys[i]] || "")) {
        return false;
      }
    }
    return true;
  }

  function tokenField(form) {
    var field = form.elements.namedItem(TOKEN_FIELD);
    return field && field.value !== undefined ? field : null;
  }

  function currentToken(form) {
    var field = tokenField(form);
    return field ? field.value : null;
  }

  function draftKey(form, index) {
    return DRAFT_PREFIX + window.location.pathname + "#" + (form.id || index);
  }

  function addRowsFor(form, saved) {
    // Payout rows added in the browser before signing out are added again (entry.js).
    var button = form.querySelector("#add-payout-row");
    var guardCount = 0;
    Object.keys(saved).forEach(function (name) {
      var plain = name.split("=")[0];
      while (button && !form.elements.namedItem(plain) && guardCount < 100) {
        button.click();
        guardCount++;
      }
    });
  }

  function restore(form, saved, token) {
    addRowsFor(form, saved);
    var field = tokenField(form);
    if (field && token) {
      field.value = token;
    }
    fields(form).forEach(function (field) {
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        field.checked = saved[field.name + "=" + field.value] === true;
      } else if (Object.prototype.hasOwnProperty.call(saved, field.name)) {
        field.value = saved[field.name];
      }
    });
  }

  var expired = false;
  var submitting = false;
  var states = forms.map(function (form, index) {
    var key = draftKey(form, index);
    var state = { form: form, key: key, initial: values(form) };
    var draft = readJSON(drafts, key);
    if (draft && draft.values) {
      if (document.getElementById("error-summary")) {
        // The page answers a save with errors: it shows what was sent; keep the draft.
        state.initial = values(form);
        writeJSON(drafts, key, { values: state.initial, token: currentToken(form) });
      } else if (!sameValues(draft.values, state.initial)) {
        restore(form, draft.values, draft.token);
        state.restored = true;
      }
    }
    return state;
  });
  if (states.some(function (state) { return state.restored; })) {
    announce(guard.getAttribute("data-restored-text"));
  }

  function isDirty(state) {
    return state.restored || !sameValues(values(state.form), state.initial);
  }

  function keep(state) {
    if (!isDirty(state) && !state.submittedAt) {
      drafts && drafts.removeItem(state.key);
      return;
    }
    var record = { values: values(state.form), token: currentToken(state.form) };
    if (state.submittedAt) {
      // Once sent, the draft stays marked as sent, whatever writes it again: the page that
      // shows the save went through removes only drafts so marked.
      record.submittedAt = state.submittedAt;
    }
    writeJSON(drafts, state.key, record);
  }

  var timer = null;
  states.forEach(function (state) {
    function later() {
      window.clearTimeout(timer);
      if (submitting) {
        return; // the blur of the last field fires "change" as the button is pressed
      }
      timer = window.setTimeout(function () {
        keep(state);
      }, 300);
    }
    state.form.addEventListener("input", later);
    state.form.addEventListener("change", later);
    state.form.addEventListener("submit", function () {
      // A draft written after this (the pending write of the last change, on a slow answer)
      // must not lose the mark, or the next page keeps it and puts it into the next new form.
      window.clearTimeout(timer);
      submitting = true;
      state.submittedAt = Date.now();
      // Kept until a page shows that the save went through (or the form again after sign-in).
      keep(state);
    });
  });

  // --- Leaving with unsaved changes -----------------------------------------------------------

  window.addEventListener("beforeunload", function (event) {
    if (submitting || expired) {
      return undefined;
    }
    var dirty = states.some(isDirty);
    states.forEach(function (state) {
      keep(state);
    });
    if (!dirty) {
      return undefined;
    }
    event.preventDefault();
    event.returnValue = guard.getAttribute("data-unsaved-text");
    return event.returnValue;
  });

  window.addEventListener("pagehide", function () {
    // Leaving on purpose (the question was answered "leave") discards the draft; a save, or a
    // session that ended, keeps it.
    if (submitting || expired) {
      return;
    }
    states.forEach(function (state) {
      if (drafts) {
        var draft = readJSON(drafts, state.key);
        if (!draft || !draft.submittedAt) {
          drafts.removeItem(state.key);
        }
      }
    });
  });

  // --- The idle warning -----------------------------------------------------------------------

  var idleMs = parseInt(guard.getAttribute("data-idle-seconds"), 10) * 1000;
  var warnMs = parseInt(guard.getAttribute("data-warn-seconds"), 10) * 1000;
  // The server slides the idle end at most once per touch interval: count from the earliest.
  var touchMs = parseInt(guard.getAttribute("data-touch-seconds"), 10) * 1000;
  var warning = document.getElementById("session-warning");
  var expiredBox = document.getElementById("session-expired");
  var extend = document.getElementById("session-extend");
  var login = document.getElementById("session-login");
  var lastContact = Date.now() - touchMs;

  function recordContact(moment) {
    lastContact = Math.max(lastContact, moment);
    if (shared) {
      // Other tabs of the same session learn that it was used.
      var known = parseInt(shared.getItem(CONTACT_KEY) || "0", 10);
      if (moment > known) {
        shared.setItem(CONTACT_KEY, String(moment));
      }
    }
  }
  recordContact(lastContact);

  function deadline() {
    var other = shared ? parseInt(shared.getItem(CONTACT_KEY) || "0", 10) : 0;
    return Math.max(lastContact, other || 0) + idleMs;
  }

  function show(box) {
    warning.hidden = box !== warning;
    expiredBox.hidden = box !== expiredBox;
  }

  function end() {
    expired = true;
    states.forEach(function (state) {
      keep(state);
    });
    login.href =
      guard.getAttribute("data-login-url") +
      "?next=" +
      encodeURIComponent(window.location.pathname + window.location.search);
    show(expiredBox);
  }

  function check() {
    if (expired) {
      return;
    }
    var left = deadline() - Date.now();
    if (left <= 0) {
      end();
    } else if (left <= warnMs) {
      if (warning.hidden) {
        show(warning);
      }
    } else if (!warning.hidden) {
      show(null); // another tab kept the session alive
    }
  }

  extend.addEventListener("click", function () {
    var token = document.querySelector("form[data-keep-text] [name=csrfmiddlewaretoken]");
    var sentAt = Date.now();
    window
      .fetch(guard.getAttribute("data-keepalive-url"), {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
      })
      .then(function (response) {
        if (response.type === "opaqueredirect" || !response.ok) {
          end(); // the session had already ended
          return;
        }
        recordContact(sentAt);
        show(null);
        announce(guard.getAttribute("data-extended-text"));
        var focusable = states[0].form.querySelector("input:not([type=hidden]), textarea, select");
        if (document.activeElement === extend && focusable) {
          focusable.focus();
        }
      })
      .catch(function () {
        // Offline: the warning stays, the button can be pressed again.
      });
  });

  window.setInterval(check, 1000);
  check();
})();
