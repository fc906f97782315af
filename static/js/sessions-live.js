// Room screen: count the speaking time down every second between two refreshes
// of the panel (htmx replaces the panel every few seconds with the server's figure).
(function () {
  "use strict";
  let timer = null;

  function format(seconds) {
    const sign = seconds < 0 ? "-" : "";
    const abs = Math.abs(seconds);
    return sign + Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
  }

  function start() {
    if (timer) clearInterval(timer);
    const clock = document.querySelector("[data-seconds-left]");
    if (!clock) return;
    let left = parseInt(clock.dataset.secondsLeft, 10);
    if (Number.isNaN(left)) return;
    timer = setInterval(function () {
      left -= 1;
      clock.textContent = format(left);
      clock.classList.toggle("over", left < 0);
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:load", start);
})();
