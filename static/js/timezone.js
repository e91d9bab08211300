// Fills the hidden time_zone field of the sign-up form with the browser's own time zone,
// so that "today" means the person's today. The server also guesses the person's country from
// it (tracker/countries.py), for the emergency call button's number, unless they chose one.
// Without JavaScript the field stays "UTC": no guess, and the button offers 112 until the
// person chooses their country.
(function () {
  "use strict";
  var field = document.querySelector('input[name="time_zone"]');
  if (!field || typeof Intl === "undefined" || !Intl.DateTimeFormat) {
    return;
  }
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      field.value = zone;
    }
  } catch (error) {
    // An old browser without time zone support: keep UTC.
  }
})();
