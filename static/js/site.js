// Site behaviour without inline scripts (runs under a strict Content-Security-Policy).
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce form errors at once.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
