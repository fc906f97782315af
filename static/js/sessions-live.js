// Room screen: count the speaking time down every second between two refreshes
// of the panel (htmx replaces the panel every few seconds with the server's figure).
// Past the limit the clock reads "Overtime 0:23": the words come translated from the
// template (data-overtime, with {clock} where the time goes), like sessions_extras.time_left.
// The clock is not a live region: a screen reader would read it out every second. A separate
// status line (data-testid=live-announcer) says only what a listener needs: who speaks now when
// that changes, "One minute left" and "Speaking time is up" when the clock passes them.
(function () {
  "use strict";
  let timer = null;
  let lastSpeaker = null;

  function announce(text) {
    const announcer = document.querySelector("[data-testid=live-announcer]");
    if (announcer && text) announcer.textContent = text;
  }

  function message(name) {
    const element = document.querySelector("[data-testid=live-announcer]");
    return element ? element.dataset[name] || "" : "";
  }

  function speakerChanged() {
    const current = document.querySelector("[data-testid=live-current] bdi");
    const speaker = current ? current.textContent.trim() : "";
    if (lastSpeaker !== null && speaker && speaker !== lastSpeaker) {
      announce(message("speakingNow").replace("{name}", speaker));
    }
    lastSpeaker = speaker;
  }

  function thresholdPassed(before, after) {
    if (before > 60 && after <= 60 && after > 0) announce(message("oneMinuteLeft"));
    if (before > 0 && after <= 0) announce(message("timeUp"));
  }

  function clockText(seconds) {
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  function format(seconds, overtime) {
    if (seconds >= 0) return clockText(seconds);
    return (overtime || "-{clock}").replace("{clock}", clockText(-seconds));
  }

  function start() {
    if (timer) clearInterval(timer);
    speakerChanged();
    const clock = document.querySelector("[data-seconds-left]");
    if (!clock) return;
    let left = parseInt(clock.dataset.secondsLeft, 10);
    if (Number.isNaN(left)) return;
    timer = setInterval(function () {
      thresholdPassed(left, left - 1);
      left -= 1;
      clock.textContent = format(left, clock.dataset.overtime);
      clock.classList.toggle("over", left < 0);
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:load", start);
})();
