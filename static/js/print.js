// The report's "Print" button: printing needs JavaScript, so the button stays hidden (js-hidden)
// until this script shows it. Without JavaScript the "Download PDF" link does the same job.
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (!button || typeof window.print !== "function") {
    return;
  }
  button.addEventListener("click", function () {
    window.print();
  });
  button.classList.remove("js-hidden");
})();
