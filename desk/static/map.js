// The unit's queue on a map: markers coloured by their clock, clustered; items with only a
// commune counted on the commune's centre. Every colour is a CSS class (the page allows no
// inline style), and every number comes from /desk/map.json, which applies the list's access.
(function () {
  "use strict";
  var SEVERITY = ["overdue", "due_soon", "on_time", "resolved"];
  var PROVINCE_CENTRE = [21.2, 105.3];
  var element = document.getElementById("map");
  var status = document.getElementById("map-status");
  if (!element || !window.L) { return; }

  // a maximum zoom of its own: without tiles, nothing else gives the clusters one
  var map = L.map(element, { maxZoom: 18 }).setView(PROVINCE_CENTRE, 9);
  var tiles = element.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-attribution") }).addTo(map);
  }

  function worst(states) {
    for (var i = 0; i < SEVERITY.length; i += 1) {
      if (states.indexOf(SEVERITY[i]) >= 0) { return SEVERITY[i]; }
    }
    return "on_time";
  }

  function disc(count, state, extra) {
    var html = document.createElement("div");
    html.className = "cluster state-" + state + (extra ? " " + extra : "");
    html.setAttribute("data-state", state);
    html.textContent = String(count);
    return L.divIcon({ html: html.outerHTML, className: "cluster-icon", iconSize: [36, 36] });
  }

  var clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    iconCreateFunction: function (cluster) {
      var states = cluster.getAllChildMarkers().map(function (m) { return m.options.state; });
      return disc(cluster.getChildCount(), worst(states));
    },
  });
  map.addLayer(clusters);

  function open(id) { window.location.assign("/desk/petitions/" + id); }

  fetch(element.getAttribute("data-source"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (data) {
      var bounds = [];
      data.points.forEach(function (p) {
        var marker = L.circleMarker([p.lat, p.lon], {
          radius: 9,
          className: "petition-marker state-" + p.state + " code-" + p.code,
          state: p.state,
        });
        marker.bindTooltip(p.code);
        marker.on("click", function () { open(p.id); });
        clusters.addLayer(marker);
        bounds.push([p.lat, p.lon]);
      });
      data.communes.forEach(function (c) {
        var marker = L.marker([c.lat, c.lon], {
          icon: disc(c.count, c.worst, "commune-count"),
          title: c.name,
        });
        marker.bindTooltip(c.name + ": " + c.count);
        marker.addTo(map);
        bounds.push([c.lat, c.lon]);
      });
      if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 }); }
      var note = [];
      if (!bounds.length) { note.push(element.getAttribute("data-empty")); }
      if (data.truncated) { note.push(element.getAttribute("data-truncated")); }
      status.textContent = note.join(" ");
      element.setAttribute("data-loaded", String(data.points.length));
    })
    .catch(function (error) {
      status.textContent = String(error);
      element.setAttribute("data-loaded", "error");
    });
})();
