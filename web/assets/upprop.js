// The roll call's quorum, counted as the secretary ticks: members present, and deputies
// present who serve for a member. Without JavaScript the same count is shown when the form
// is sent back, and the register checks the quorum again for every §.
(function () {
  "use strict";
  var output = document.getElementById("tjanstgorande");
  if (!output) {
    return;
  }
  var form = output.closest("form");
  var required = Number(output.dataset.required);
  function count() {
    var serving = form.querySelectorAll("input[data-member]:checked").length;
    form.querySelectorAll("div.deputy").forEach(function (row) {
      var present = row.querySelector("input[type=checkbox]");
      var servesFor = row.querySelector("select[data-serving]");
      if (present.checked && servesFor.value !== "") {
        serving += 1;
      }
    });
    output.textContent = serving + (serving >= required ? " (beslutför)" : " (inte beslutför)");
  }
  form.addEventListener("change", count);
  count();
})();
