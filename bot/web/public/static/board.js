// The board's map: points come from /board/points.json with the page's filters; each is a dot
// coloured by state, linking to the case's page. It opens on Bangkok rather than on every point
// (one far-off point would zoom the city away), and its caption counts the dots it draws.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.ChaengMap) { return; }
  var colours = JSON.parse(box.dataset.colours);
  var caseUrl = box.dataset.caseUrl;
  var caption = document.getElementById("map-caption");
  var phone = box.clientWidth < 600;
  fetch(box.dataset.points).then(function (answer) { return answer.json(); }).then(function (points) {
    // SVG keeps each dot a DOM element (clickable, testable); canvas copes with tens of thousands.
    var map = ChaengMap.base(box, ChaengMap.BANGKOK, phone ? 10 : 11,
                             { preferCanvas: points.length > 3000 });
    points.forEach(function (p) {
      var link = caseUrl.replace("TICKET", encodeURIComponent(p[3]));
      L.circleMarker([p[0], p[1]], { radius: phone ? 6 : 5, weight: 1, color: "#fff",
                                     fillOpacity: 0.85, fillColor: colours[p[2]] || "#555" })
        .bindPopup('<a href="' + link + '">' + ChaengMap.escape(p[3]) + "</a>").addTo(map);
    });
    box.dataset.shown = String(points.length);
    if (caption) {
      var shown = points.length.toLocaleString("en");  // as the server writes the total: 1,234
      caption.textContent = caption.dataset.template.replace("{shown}", shown);
    }
  });
})();
