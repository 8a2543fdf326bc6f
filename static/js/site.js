// Site behaviour without inline scripts (runs under a strict Content-Security-Policy).
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce form errors at once.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // A wide table that scrolls sideways (on a phone) can be scrolled with the keyboard: its
  // scrolling box becomes a named, focusable region while, and only while, it overflows.
  function scrollableTables() {
    var boxes = document.querySelectorAll(".table-responsive[data-scroll-region], .table-responsive:not([tabindex])");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var section = box.closest("section");
      var caption = box.querySelector("caption") || (section && section.querySelector("h2, h3"));
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("data-scroll-region", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (box.hasAttribute("data-scroll-region")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  scrollableTables();
  window.addEventListener("resize", scrollableTables);

  // Escape closes the phone menu and gives focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !window.bootstrap) {
      return;
    }
    var menu = document.querySelector(".navbar-collapse.show");
    if (!menu) {
      return;
    }
    window.bootstrap.Collapse.getOrCreateInstance(menu, { toggle: false }).hide();
    var toggler = document.querySelector('[data-bs-target="#' + menu.id + '"]');
    if (toggler) {
      toggler.focus();
    }
  });

  // A form that saves (it carries a one-time token) is sent once: a second press while the
  // page is still waiting for the answer does nothing. A courtesy only: the server knows the
  // token of a form sent again whatever the browser does.
  var SENT = "data-sent";

  function saves(form) {
    return form && form.querySelector && form.querySelector("input[name=form_token]");
  }

  function buttons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }

  // On the document, so that it runs after the form's own handlers and sees their verdict.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!saves(form) || event.defaultPrevented) {
      return;
    }
    if (form.hasAttribute(SENT)) {
      event.preventDefault();
      return;
    }
    form.setAttribute(SENT, "");
    // Not the disabled property: a disabled button's name and value would not be sent.
    Array.prototype.forEach.call(buttons(form), function (button) {
      button.setAttribute("aria-disabled", "true");
      button.classList.add("disabled");
    });
  });

  // Back on a page the browser kept: its forms can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("form[" + SENT + "]"), function (form) {
      form.removeAttribute(SENT);
      Array.prototype.forEach.call(buttons(form), function (button) {
        button.removeAttribute("aria-disabled");
        button.classList.remove("disabled");
      });
    });
  });
})();
