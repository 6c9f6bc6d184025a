// The board's maps share this: Leaflet with the site's tiles (data-tiles; none when offline), in
// the page's language, saying so when the background cannot be shown; and the case page's map.
(function () {
  "use strict";
  if (!window.L) { return; }
  var BANGKOK = [13.75, 100.5];
  var maps = {};

  function offline(element) {  // the dots stay: only the background is missing
    element.classList.add("offline");
    element.dataset.tiles = "";
    var note = document.getElementById("map-offline");
    if (note) { note.hidden = false; }
  }

  function baseMap(element, center, zoom, options) {
    var map = L.map(element, Object.assign({ maxZoom: 19, zoomControl: false }, options || {}))
      .setView(center, zoom);
    maps[element.id] = map;  // by the box's id, for the page tests to read where a map looks
    L.control.zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut })
      .addTo(map);
    map.attributionControl.setPrefix(false);
    var url = element.dataset.tiles;
    if (!url) { offline(element); return map; }
    var loaded = 0, failed = 0;
    var credit = '<a href="https://www.openstreetmap.org/copyright">' +
                 escape(element.dataset.attribution) + "</a>";
    var tiles = L.tileLayer(url, { maxZoom: 19, attribution: credit });
    tiles.on("tileload", function () { loaded += 1; });
    tiles.on("tileerror", function () {
      failed += 1;
      if (!loaded && failed >= 2) { offline(element); }
    });
    tiles.addTo(map);
    return map;
  }

  function escape(text) {  // places come from reports: never trust them as HTML
    var span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }

  var caseMap = document.getElementById("case-map");
  if (caseMap) {
    var at = [parseFloat(caseMap.dataset.lat), parseFloat(caseMap.dataset.lng)];
    var map = baseMap(caseMap, at, 16);
    L.circleMarker(at, { radius: 9, weight: 2, color: "#fff", fillOpacity: 0.95,
                         fillColor: caseMap.dataset.colour, interactive: false }).addTo(map);
    caseMap.dataset.shown = "1";
  }

  window.ChaengMap = { base: baseMap, escape: escape, BANGKOK: BANGKOK, maps: maps };
})();
