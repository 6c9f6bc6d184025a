// A hotspot page's map: one red circle per hotspot (its radius in metres), sized to the page's
// table; the popup names the cases and links to the latest of them.
(function () {
  var box = document.getElementById("map");
  if (!box || !window.L) { return; }
  var spots = JSON.parse(box.dataset.hotspots), caseUrl = box.dataset.caseUrl;
  var map = L.map(box).setView([13.75, 100.55], 11);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"
  }).addTo(map);
  function escape(text) {  // places come from reports: never trust them as HTML
    var span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }
  var bounds = [];
  spots.forEach(function (s, i) {
    var latest = s.tickets[s.tickets.length - 1];
    var link = caseUrl.replace("TICKET", encodeURIComponent(latest));
    L.circle([s.lat, s.lng], { radius: s.radius, color: "#c62828", weight: 2, fillOpacity: 0.3 })
      .bindPopup("#" + (i + 1) + " " + escape(s.place) + ": " + s.count + " / " + s.weeks +
                  ' <a href="' + link + '">' + escape(latest) + "</a>").addTo(map);
    bounds.push([s.lat, s.lng]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 }); }
  box.dataset.shown = String(spots.length);
})();
