// Entry pages: focus on warnings, payout rows added and removed without reloading.
// Every form works without this script too.
(function () {
  "use strict";

  // Warnings to confirm take the focus, as an error summary does (site.js); errors come first.
  var warnings = document.querySelector("[data-autofocus]");
  if (warnings && !document.getElementById("error-summary")) {
    warnings.focus();
  }

  // A payout marked "Ta bort" is shown as going, with a button that takes the mark back.
  function showRemoval(checkbox) {
    var row = checkbox.closest("tr");
    var note = row.querySelector(".payout-removed-note");
    var undo = row.querySelector(".payout-undo");
    row.classList.toggle("table-danger", checkbox.checked);
    if (note) {
      note.textContent = checkbox.checked ? note.getAttribute("data-removed-text") : "";
    }
    if (undo) {
      undo.classList.toggle("d-none", !checkbox.checked);
    }
  }
  var payoutTable = document.getElementById("payout-rows");
  if (payoutTable) {
    payoutTable.addEventListener("change", function (event) {
      if (event.target.matches("input[type=checkbox][name$='-DELETE']")) {
        showRemoval(event.target);
      }
    });
    payoutTable.addEventListener("click", function (event) {
      var undo = event.target.closest(".payout-undo");
      if (!undo) {
        return;
      }
      var checkbox = document.getElementById(undo.getAttribute("data-for"));
      checkbox.checked = false;
      showRemoval(checkbox);
      checkbox.focus();
    });
    payoutTable
      .querySelectorAll("input[type=checkbox][name$='-DELETE']:checked")
      .forEach(showRemoval);
  }

  var button = document.getElementById("add-payout-row");
  var template = document.getElementById("payout-row-template");
  var rows = document.getElementById("payout-rows");
  if (!button || !template || !rows) {
    return;
  }
  var prefix = button.getAttribute("data-prefix");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var inputs = rows.querySelectorAll("tr.payout-row:last-child input:not([type=hidden])");
    if (inputs.length) {
      inputs[0].focus();
    }
  });
})();
