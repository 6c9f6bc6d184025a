/* Call-centre form: suggest categories while the operator types, resolve the typed address. */
(function () {
  "use strict";
  var form = document.getElementById("intake");
  if (!form) { return; }
  var description = document.getElementById("description");
  var suggestions = document.getElementById("suggestions");
  var category = document.getElementById("category");
  var address = document.getElementById("address");
  var located = document.getElementById("located");
  var timer = null;

  function later(fn) { clearTimeout(timer); timer = setTimeout(fn, 300); }

  function ask(url, text) {
    return fetch(url + "?lang=" + form.dataset.lang + "&text=" + encodeURIComponent(text),
                 { credentials: "same-origin" }).then(function (r) { return r.json(); });
  }

  function showSuggestions(data) {
    suggestions.textContent = "";
    data.suggestions.forEach(function (s) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.textContent = s.name + " " + Math.round(s.confidence * 100) + "%";
      button.dataset.label = s.label;
      button.addEventListener("click", function () { category.value = s.label; });
      suggestions.appendChild(button);
    });
    if (data.confident && data.suggestions.length && !category.dataset.touched) {
      category.value = data.suggestions[0].label;
    }
  }

  category.addEventListener("change", function () { category.dataset.touched = "1"; });
  description.addEventListener("input", function () {
    later(function () { ask(form.dataset.suggest, description.value).then(showSuggestions); });
  });
  address.addEventListener("change", function () {
    ask(form.dataset.locate, address.value).then(function (place) {
      located.textContent = place.district ? "เขต " + place.district + (place.subdistrict ? " / แขวง " + place.subdistrict : "") : "–";
    });
  });
})();
