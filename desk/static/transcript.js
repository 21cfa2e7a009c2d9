// Keeps a handoff's transcript current without reloading the page (and losing a half-typed
// reply). Same origin, no library; without script the page's Refresh link does the same.
(function () {
  "use strict";
  var box = document.getElementById("transcript-box");
  if (!box) { return; }
  var source = box.getAttribute("data-src");
  function refresh() {
    fetch(source, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#transcript");
        var current = document.getElementById("transcript");
        if (fresh && current && fresh.getAttribute("data-count") !== current.getAttribute("data-count")) {
          current.replaceWith(fresh);
        }
      })
      .catch(function () { /* try again at the next tick */ });
  }
  window.setInterval(refresh, 5000);
})();
