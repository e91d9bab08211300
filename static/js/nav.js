// The menu's "More" is a <details>, which opens and closes without a script. With one, it also
// closes as a menu does: on Escape (focus goes back to "More") and on a tap anywhere else.
(function () {
  "use strict";
  var more = document.querySelector(".nav-more > details");
  if (!more) {
    return;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && more.open) {
      more.open = false;
      more.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (more.open && !more.contains(event.target)) {
      more.open = false;
    }
  });
})();
