/* Leaflet maps of the dashboard: the case map, a case's position and the intake place picker. */
(function () {
  "use strict";
  var BANGKOK = [13.7563, 100.5018];

  function baseMap(element, center, zoom) {
    var map = L.map(element, { maxZoom: 19 }).setView(center, zoom);
    var url = element.dataset.tiles;
    if (!url) { element.classList.add("offline"); return map; }
    var loaded = 0, failed = 0;
    var tiles = L.tileLayer(url, { maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" });
    tiles.on("tileload", function () { loaded += 1; });
    tiles.on("tileerror", function () {
      failed += 1;
      if (!loaded && failed >= 2) {   // offline or blocked: a plain background, markers still shown
        element.classList.add("offline");
        var note = document.getElementById("offline-note");
        if (note) { note.hidden = false; }
      }
    });
    tiles.addTo(map);
    return map;
  }

  function pin(state) {  // markers are named by their title (their ticket), for screen readers
    return L.divIcon({ className: "", html: '<div class="pin ' + state + '"></div>', iconSize: [16, 16] });
  }

  function escape(text) {  // places come from reports: never trust them as HTML
    var span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }

  // The hotspot layer: red circles for the chosen category's recurring places.
  function hotspotLayer(map, chooser, box) {
    if (!chooser) { return; }
    var layer = L.layerGroup().addTo(map);
    chooser.addEventListener("change", function () {
      layer.clearLayers();
      if (!chooser.value) { box.dataset.hotspots = "0"; return; }
      fetch(chooser.dataset.url + "?category=" + encodeURIComponent(chooser.value),
            { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          data.hotspots.forEach(function (h) {
            var links = h.tickets.map(function (t, i) {
              return '<a href="' + h.urls[i] + '">' + escape(t) + "</a>";
            }).join(" ");
            L.circle([h.lat, h.lng], { radius: h.radius, color: "#c62828", weight: 2, fillOpacity: 0.3 })
              .bindPopup(escape(h.place) + ": " + h.count + " / " + h.weeks + "<br>" + links)
              .addTo(layer);
          });
          box.dataset.hotspots = String(data.hotspots.length);
        });
    });
  }

  var casesMap = document.getElementById("cases-map");
  if (casesMap) {
    var map = baseMap(casesMap, BANGKOK, 11);
    var group = L.markerClusterGroup();
    fetch(casesMap.dataset.points, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        data.points.forEach(function (p) {
          var marker = L.marker([p.lat, p.lng], { icon: pin(p.state), title: p.ticket });
          marker.bindPopup('<a class="case-link" href="' + p.url + '">' + p.ticket + "</a>");
          group.addLayer(marker);
        });
        map.addLayer(group);
        if (data.points.length) { map.fitBounds(group.getBounds(), { maxZoom: 15 }); }
        casesMap.dataset.loaded = String(data.points.length);
      });
    hotspotLayer(map, document.getElementById("hotspot-category"), casesMap);
  }

  var caseMap = document.getElementById("case-map");
  if (caseMap) {
    var at = [parseFloat(caseMap.dataset.lat), parseFloat(caseMap.dataset.lng)];
    L.marker(at, { icon: pin(caseMap.dataset.state), title: caseMap.dataset.title, keyboard: false })
      .addTo(baseMap(caseMap, at, 16));
  }

  // The call-centre form draws its own place picker with these (intake.js).
  window.ChaengMaps = { baseMap: baseMap, BANGKOK: BANGKOK };
})();
