// The board's map: the only part that needs JavaScript. Points come from /board/points.json
// with the page's filters; each is a dot coloured by state, linking to the case's page.
(function () {
  var box = document.getElementById("map");
  if (!box || !window.L) { return; }
  var colours = JSON.parse(box.dataset.colours);
  var caseUrl = box.dataset.caseUrl;
  fetch(box.dataset.points).then(function (answer) { return answer.json(); }).then(function (points) {
    // SVG keeps each dot a DOM element (clickable, testable); canvas copes with tens of thousands.
    var map = L.map(box, { preferCanvas: points.length > 3000 }).setView([13.75, 100.55], 11);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"
    }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var link = caseUrl.replace("TICKET", encodeURIComponent(p[3]));
      L.circleMarker([p[0], p[1]], { radius: 5, weight: 1, color: "#fff", fillOpacity: 0.85,
                                     fillColor: colours[p[2]] || "#555" })
        .bindPopup('<a href="' + link + '">' + p[3] + "</a>").addTo(map);
      bounds.push([p[0], p[1]]);
    });
    if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 }); }
    box.dataset.shown = String(points.length);
  });
})();
