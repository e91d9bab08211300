// The body map (tracker/body_map.py): tapping a place ticks the same form controls the page
// has without this file, and the controls' state shows on the map. Two kinds of map:
// - "multi" (the massage's places): a place is the check-box of the same value;
// - "place" (a symptom's place): a place sets the region <select> and the side radios; the
//   same place on the other side makes it "both sides", tapped again it is taken back.
// Everything is delegated from the document, so maps added later (a new symptom entry) work.
(function () {
  "use strict";
  document.documentElement.classList.add("bm-js");

  function region(value) { return value.split(":")[0]; }
  function side(value) { return value.split(":")[1]; }
  function other(s) { return s === "left" ? "right" : s === "right" ? "left" : s; }

  function form(map) { return map.closest("form") || document; }
  function boxes(map) {
    return form(map).querySelectorAll('input[type="checkbox"][name="' + map.dataset.name + '"]');
  }
  function select(map) { return document.getElementById(map.dataset.region); }
  function sideRadio(map, value) {
    return form(map).querySelector('input[name="' + map.dataset.side + '"][value="' + value + '"]');
  }
  function checkedSide(map) {
    var radio = form(map).querySelector('input[name="' + map.dataset.side + '"]:checked');
    return radio ? radio.value : "";
  }

  // The "region:side" values the controls hold now.
  function chosen(map) {
    var values = [];
    if (map.dataset.mode === "multi") {
      boxes(map).forEach(function (box) { if (box.checked) values.push(box.value); });
      return values;
    }
    var where = select(map);
    var s = checkedSide(map);
    if (!where || !where.value || !s) return values;
    if (s === "both") return [where.value + ":left", where.value + ":right"];
    return [where.value + ":" + s];
  }

  function label(map, value) {
    var target = map.querySelector('.bm-target[data-value="' + value + '"]');
    return target ? target.getAttribute("aria-label") : value;
  }

  function show(map) {
    var values = chosen(map);
    map.querySelectorAll(".bm-target").forEach(function (target) {
      target.setAttribute("aria-checked", values.indexOf(target.dataset.value) >= 0 ? "true" : "false");
    });
    map.querySelectorAll(".bm-tab").forEach(function (tab) {
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      var count = 0;
      if (panel) {
        var seen = {};
        panel.querySelectorAll('.bm-target[aria-checked="true"]').forEach(function (t) {
          seen[t.dataset.value] = true;
        });
        count = Object.keys(seen).length;
      }
      tab.querySelector(".bm-count").textContent = count ? " (" + count + ")" : "";
    });
    var status = map.querySelector(".bm-status");
    if (map.dataset.mode === "place") {
      status.textContent = values.length
        ? "Place: " + values.map(function (v) { return label(map, v); }).join("; ")
        : "No place chosen yet.";
    } else {
      status.textContent = values.length
        ? values.length + (values.length === 1 ? " place" : " places") + " chosen."
        : "Nothing chosen yet.";
      // The list's "(2 chosen)" beside each part of the body, and on the folded list.
      var list = map.parentElement;
      list.querySelectorAll("details.area").forEach(function (area) {
        var n = area.querySelectorAll('input[type="checkbox"]:checked').length;
        var count = area.querySelector(".area-chosen");
        if (count) count.textContent = n ? "(" + n + " chosen)" : "";
      });
      var total = list.querySelector(".region-list-chosen");
      if (total) total.textContent = values.length ? "(" + values.length + " chosen)" : "";
    }
  }

  function fire(element) {
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setSide(map, value) {
    var radio = sideRadio(map, value);
    if (radio) { radio.checked = true; fire(radio); }
  }

  function tap(map, value) {
    var status = map.querySelector(".bm-status");
    if (map.dataset.mode === "multi") {
      boxes(map).forEach(function (box) {
        if (box.value === value) { box.checked = !box.checked; fire(box); }
      });
      show(map);
      var on = chosen(map).indexOf(value) >= 0;
      status.textContent = (on ? "Ticked: " : "Unticked: ") + label(map, value) + ". " + status.textContent;
      return;
    }
    var where = select(map);
    if (!where) return;
    var now = where.value;
    var current = checkedSide(map);
    var r = region(value);
    var s = side(value);
    if (now === r && current === s) {
      // The same place again: taken back.
      where.value = "";
      fire(where);
      var radio = sideRadio(map, s);
      if (radio) { radio.checked = false; fire(radio); }
    } else if (now === r && current === "both" && (s === "left" || s === "right")) {
      setSide(map, other(s));
    } else if (now === r && (current === "left" || current === "right") && s === other(current)) {
      setSide(map, "both");
    } else {
      where.value = r;
      fire(where);
      setSide(map, s);
    }
    show(map);
  }

  function visibleTargets(map) {
    return Array.prototype.filter.call(map.querySelectorAll(".bm-target"), function (t) {
      return t.getClientRects().length > 0;
    });
  }

  // One tab stop per map: the chosen place shown, else the first; arrow keys move along.
  function rove(map, focus) {
    var targets = visibleTargets(map);
    var current = targets.filter(function (t) { return t.getAttribute("tabindex") === "0"; })[0];
    if (!current || targets.indexOf(current) < 0) {
      current = targets.filter(function (t) { return t.getAttribute("aria-checked") === "true"; })[0] || targets[0];
    }
    map.querySelectorAll(".bm-target").forEach(function (t) { t.setAttribute("tabindex", "-1"); });
    if (current) {
      current.setAttribute("tabindex", "0");
      if (focus) current.focus();
    }
  }

  function choosePanel(map, key) {
    map.querySelectorAll(".bm-tab").forEach(function (tab) {
      tab.setAttribute("aria-pressed", tab.dataset.panel === key ? "true" : "false");
    });
    map.querySelectorAll(".bm-panel").forEach(function (panel) {
      panel.hidden = panel.dataset.panel !== key;
    });
    rove(map);
  }

  function chooseView(map, view) {
    map.dataset.view = view;
    map.querySelectorAll(".bm-view-button").forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.view === view ? "true" : "false");
    });
    rove(map);
  }

  document.addEventListener("click", function (event) {
    var map = event.target.closest(".body-map");
    if (!map) return;
    var target = event.target.closest(".bm-target");
    var tab = event.target.closest(".bm-tab");
    var viewButton = event.target.closest(".bm-view-button");
    if (target) {
      map.querySelectorAll(".bm-target").forEach(function (t) { t.setAttribute("tabindex", "-1"); });
      target.setAttribute("tabindex", "0");
      tap(map, target.dataset.value);
    } else if (tab) {
      choosePanel(map, tab.dataset.panel);
    } else if (viewButton) {
      chooseView(map, viewButton.dataset.view);
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target.closest && event.target.closest(".bm-target");
    if (!target) return;
    var map = target.closest(".body-map");
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      tap(map, target.dataset.value);
      return;
    }
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    var targets = visibleTargets(map);
    var index = targets.indexOf(target);
    var next = null;
    if (step) next = targets[(index + step + targets.length) % targets.length];
    if (event.key === "Home") next = targets[0];
    if (event.key === "End") next = targets[targets.length - 1];
    if (!next) return;
    event.preventDefault();
    target.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    next.focus();
  });

  // The controls changed (typed, ticked in the list, or by the map): the map follows.
  document.addEventListener("change", function (event) {
    var control = event.target;
    if (!control.name && !control.id) return;
    document.querySelectorAll(".body-map").forEach(function (map) {
      if (map.dataset.mode === "multi" ? control.name === map.dataset.name
        : control.id === map.dataset.region || control.name === map.dataset.side) {
        show(map);
      }
    });
  });

  function start(root) {
    root.querySelectorAll(".body-map").forEach(function (map) {
      if (map.dataset.started) return;
      map.dataset.started = "true";
      // The map comes first; the list it enhances folds under it, unless it holds an error.
      var list = map.parentElement.querySelector("details.region-list");
      if (list && !map.closest(".has-error")) list.open = false;
      show(map);
      rove(map);
    });
  }
  start(document);
  // A symptom entry added from its <template> brings its own map.
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) start(node.matches(".body-map") ? node.parentElement : node);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
  // Back from another page (the browser's cache keeps the controls' state): show it again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll(".body-map").forEach(show);
  });
})();
