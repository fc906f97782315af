// Room screen: count the speaking time down every second between two refreshes
// of the panel (htmx replaces the panel every few seconds with the server's figure).
// Past the limit the clock reads "Overtime 0:23": the words come translated from the
// template (data-overtime, with {clock} where the time goes), like sessions_extras.time_left.
(function () {
  "use strict";
  let timer = null;

  function clockText(seconds) {
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  function format(seconds, overtime) {
    if (seconds >= 0) return clockText(seconds);
    return (overtime || "-{clock}").replace("{clock}", clockText(-seconds));
  }

  function start() {
    if (timer) clearInterval(timer);
    const clock = document.querySelector("[data-seconds-left]");
    if (!clock) return;
    let left = parseInt(clock.dataset.secondsLeft, 10);
    if (Number.isNaN(left)) return;
    timer = setInterval(function () {
      left -= 1;
      clock.textContent = format(left, clock.dataset.overtime);
      clock.classList.toggle("over", left < 0);
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:load", start);
})();
