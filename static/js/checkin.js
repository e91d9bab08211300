// Enhances the staged check-in; every stage works without this file.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  if (!form) return;

  // Stage 1: show the emergency advice the moment a red flag is ticked.
  // The server shows the same advice (from tracker/triage/screen.py) on every next page.
  var RANK = { SEE_DOCTOR_SOON: 1, GO_TO_ED_NOW: 2, CALL_EMERGENCY: 3 };
  var flags = form.querySelectorAll("input.red-flag");
  var shown = 0;
  function checked(code) {
    var box = form.querySelector('input.red-flag[value="' + code + '"]');
    return box && box.checked;
  }
  function updateAdvice() {
    var level = 0;
    flags.forEach(function (box) {
      if (box.checked) level = Math.max(level, RANK[box.dataset.urgency] || 0);
    });
    // Fever with a stiff neck, or with vomiting or light sensitivity: emergency department.
    if (checked("fever") && (checked("stiff_neck_all_over") || checked("vomiting_or_light_sensitivity"))) {
      level = Math.max(level, RANK.GO_TO_ED_NOW);
    }
    var target = null;
    document.querySelectorAll(".instant-advice").forEach(function (block) {
      var match = RANK[block.dataset.urgency] === level;
      block.hidden = !match;
      if (match) target = block;
    });
    if (target && level > shown) {
      target.scrollIntoView({ behavior: "smooth", block: "start" });
    }
    shown = level;
  }
  flags.forEach(function (box) { box.addEventListener("change", updateAdvice); });
  if (flags.length) updateAdvice();

  // Stage 2: add a symptom entry without a round trip to the server.
  var add = document.getElementById("add-symptom");
  var template = document.getElementById("symptom-empty-form");
  var total = form.querySelector('input[name="symptom-TOTAL_FORMS"]');
  if (add && template && total) {
    add.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var card = holder.firstElementChild;
      var heading = card.querySelector("h3");
      if (heading) heading.textContent = "Symptom " + (index + 1);
      document.getElementById("symptom-forms").appendChild(card);
      total.value = String(index + 1);
      var first = card.querySelector("select, input");
      if (first) first.focus();
    });
  }
})();

// Stage 3: a follow-up question ("when does it stick out most?") shows once its question is
// answered "Yes" on either side, and stays shown while it holds an answer under a question
// left "Not answered" (the server asks about that pair). Without JavaScript every question shows.
(function () {
  "use strict";
  document.querySelectorAll("[data-depends-on]").forEach(function (followUp) {
    var name = followUp.dataset.dependsOn;
    var own = followUp.dataset.followUp;
    var sides = ["left", "right"];
    function answer(side) {
      var box = document.querySelector('input[name="' + side + "-" + name + '"]:checked');
      return box ? box.value : "";
    }
    function filled(side) {
      var any = false;
      document.querySelectorAll('[name="' + side + "-" + own + '"]').forEach(function (field) {
        any = any || (field.type === "checkbox" ? field.checked : field.value !== "");
      });
      return any;
    }
    function update() {
      followUp.hidden = !sides.some(function (side) {
        var given = answer(side);
        return given === "yes" || (given === "" && filled(side));
      });
    }
    sides.forEach(function (side) {
      document.querySelectorAll('input[name="' + side + "-" + name + '"]').forEach(function (box) {
        box.addEventListener("change", update);
      });
    });
    update();
  });
})();
