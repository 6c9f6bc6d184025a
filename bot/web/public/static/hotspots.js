// A hotspot page's map: one red circle per hotspot (its radius in metres), sized to the page's
// table; the popup names the cases and links to the latest of them.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.ChaengMap) { return; }
  var spots = JSON.parse(box.dataset.hotspots), caseUrl = box.dataset.caseUrl;
  var map = ChaengMap.base(box, ChaengMap.BANGKOK, 11);
  var bounds = [];
  spots.forEach(function (s, i) {
    var latest = s.tickets[s.tickets.length - 1];  // none when moderators hid them all
    var link = latest ? ' <a href="' + caseUrl.replace("TICKET", encodeURIComponent(latest)) + '">' +
                        ChaengMap.escape(latest) + "</a>" : "";
    L.circle([s.lat, s.lng], { radius: s.radius, color: "#c62828", weight: 2, fillOpacity: 0.3 })
      .bindPopup("#" + (i + 1) + " " + ChaengMap.escape(s.place) + ": " + s.count + " / " + s.weeks +
                  link).addTo(map);
    bounds.push([s.lat, s.lng]);
  });
  // A page's hotspots are one category's, all in the city: fitting them shows the worst at once.
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 }); }
  box.dataset.shown = String(spots.length);
})();
