// Project form: add payout rows without reloading (the form works without this script too).
(function () {
  "use strict";
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
