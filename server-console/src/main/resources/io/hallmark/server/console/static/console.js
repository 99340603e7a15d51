// Hallmark console: live device state over server-sent events. The pages work without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var line = document.querySelector("[data-live]");
  var state = document.getElementById("device-state");
  var note = document.getElementById("live-note");
  if (!line || !state || !window.EventSource) {
    return;
  }
  var source = new EventSource(line.getAttribute("data-live"));
  source.addEventListener("state", function (e) {
    var next = String(e.data);
    if (state.textContent !== next) {
      state.textContent = next;
      state.className = "state state-" + next;
      note.textContent = "changed to " + next + " just now";
    }
    line.setAttribute("data-live-connected", "true");
  });
});
