// Progressive enhancement for the practice and mock interview pages:
// keyboard shortcuts and the mock interview's countdown. Every page works without it.
(function () {
  "use strict";

  var INTERACTIVE = "a, button, summary, input, select, textarea, [contenteditable]";

  document.querySelectorAll("[data-js-only]").forEach(function (element) {
    element.hidden = false;
  });

  // Space or Enter reveals a folded answer, unless a control has focus (it keeps its own
  // keys). They never fold it again: once it is open, Space scrolls the answer being read.
  // Letters click the element marked data-shortcut="<letter>".
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target instanceof Element ? event.target : document.body;
    if (target.closest("input, select, textarea, [contenteditable]")) {
      return;
    }
    if (event.key === " " || event.key === "Enter") {
      var details = document.querySelector("[data-reveal]");
      if (!details || details.open || target.closest(INTERACTIVE)) {
        return;
      }
      event.preventDefault();
      details.open = true;
      return;
    }
    if (event.key.length !== 1) {
      return;
    }
    var shortcut = document.querySelector('[data-shortcut="' + CSS.escape(event.key.toLowerCase()) + '"]');
    if (shortcut) {
      event.preventDefault();
      shortcut.click();
    }
  });

  var countdown = document.querySelector("[data-countdown]");
  var seconds = countdown ? Number(countdown.getAttribute("data-countdown")) : NaN;
  if (!countdown || !isFinite(seconds)) {
    return;
  }
  var clock = countdown.querySelector("[data-countdown-clock]");
  var status = countdown.querySelector("[data-countdown-status]");
  var deadline = Date.now() + seconds * 1000;
  var announced = {};

  function format(total) {
    var abs = Math.abs(total);
    var rest = abs % 60;
    return Math.floor(abs / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // The clock itself is hidden from screen readers (a change every second is noise);
  // the status line announces the last minute and the end once each.
  function announce(key, text) {
    if (!announced[key]) {
      announced[key] = true;
      status.textContent = text;
    }
  }

  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left >= 0) {
      clock.textContent = format(left) + " left";
    } else {
      clock.textContent = "Time is up: " + format(left) + " over";
    }
    countdown.classList.toggle("is-low", left >= 0 && left <= 30);
    countdown.classList.toggle("is-over", left < 0);
    if (left <= 60 && left > 0 && seconds > 60) {
      announce("minute", "One minute left.");
    }
    if (left <= 0) {
      announce("over", "Time is up. Finish your answer and mark it.");
    }
  }

  clock.hidden = false;
  tick();
  window.setInterval(tick, 1000);
})();
