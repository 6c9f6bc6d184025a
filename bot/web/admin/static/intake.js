/* Call-centre form: one place per case.
   The typed address moves the pin; a click on the map asks whether to replace the address; the
   server's /preview says, before sending, where the case is and which agency it will go to, and
   whether address and pin disagree. Category suggestions come as the operator types. */
(function () {
  "use strict";
  var form = document.getElementById("intake");
  if (!form) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var description = $("description"), category = $("category"), address = $("address");
  var latitude = $("latitude"), longitude = $("longitude"), picker = $("pick-map");
  var question = $("replace-question"), mismatch = $("mismatch");
  var maps = window.ChaengMaps, map = maps.baseMap(picker, maps.BANGKOK, 11), marker = null;
  maps.picker = map;  // for page tests, which click the map at a chosen place
  var timers = {}, last = null, asked = 0, clicked = false, pinnedAddress = "";

  function later(name, fn) { clearTimeout(timers[name]); timers[name] = setTimeout(fn, 350); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key] || ""; });
  }
  function query(fields) {
    return Object.keys(fields).map(function (k) {
      return k + "=" + encodeURIComponent(fields[k] || "");
    }).join("&");
  }
  var pending = 0;  // requests in flight, told on the form for page tests
  function settle(delta) { pending += delta; form.dataset.pending = String(pending); }
  function get(url, fields) {
    settle(1);
    return fetch(url + "?" + query(fields), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .finally(function () { settle(-1); });
  }

  function putPin(lat, lng, zoom) {
    var at = [lat, lng];
    if (marker) { marker.setLatLng(at); } else {
      marker = L.marker(at, { keyboard: false, title: address.value || "" }).addTo(map);
    }
    map.setView(at, zoom || Math.max(map.getZoom(), 15));
    picker.dataset.pin = lat.toFixed(5) + "," + lng.toFixed(5);
  }

  function hasPin() { return latitude.value !== "" && longitude.value !== ""; }

  // Ask the server where the case is and goes; only the latest answer is shown.
  function refresh() {
    var mine = ++asked;
    get(form.dataset.preview, { address: address.value, latitude: latitude.value,
                               longitude: longitude.value, category: category.value,
                               description: description.value, lang: form.dataset.lang })
      .then(function (seen) { if (mine === asked) { show(seen); } });
  }

  function show(seen) {
    last = seen;
    $("located").textContent = !address.value.trim() ? "" : seen.address
      ? fill(form.dataset.located, { place: seen.address.place }) : form.dataset.notLocated;
    $("pin-place").textContent = !hasPin() ? "" : seen.pin
      ? fill(form.dataset.pinAt, { place: seen.pin.place }) : form.dataset.pinOutside;
    var found = seen.address && seen.address.latitude !== null
      ? seen.address.latitude + "," + seen.address.longitude : "";
    if (!hasPin() && found && found !== pinnedAddress) {
      // The address moves the pin, once per place found: the map does not jump back while the
      // operator looks around it.
      pinnedAddress = found;
      putPin(seen.address.latitude, seen.address.longitude, 15);
    }
    question.hidden = !(clicked && seen.mismatch);  // a click elsewhere: replace the address?
    mismatch.hidden = !seen.mismatch;
    mismatch.textContent = seen.mismatch || "";
    $("route").textContent = fill(seen.district ? form.dataset.route : form.dataset.routeTriage,
                                  { agency: seen.agency.name, district: seen.district });
    form.dataset.ready = String(asked);
  }

  map.on("click", function (e) {
    latitude.value = e.latlng.lat.toFixed(6);
    longitude.value = e.latlng.lng.toFixed(6);
    putPin(e.latlng.lat, e.latlng.lng);
    clicked = true;
    refresh();
  });
  $("use-pin").addEventListener("click", function () {
    if (last && last.pin) { address.value = last.pin.place; }
    clicked = false;
    refresh();
  });
  $("keep-address").addEventListener("click", function () {
    latitude.value = longitude.value = "";  // back to the typed address's place
    clicked = false;
    pinnedAddress = "";
    refresh();
  });

  function showSuggestions(data) {
    var box = $("suggestions");
    box.textContent = "";
    data.suggestions.forEach(function (s) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.textContent = s.name + " " + s.shown;
      button.dataset.label = s.label;
      button.addEventListener("click", function () { category.value = s.label; refresh(); });
      box.appendChild(button);
    });
    $("suggest-note").hidden = data.suggestions.length < 2;
    if (data.confident && data.suggestions.length && !category.dataset.touched) {
      category.value = data.suggestions[0].label;
    }
  }

  category.addEventListener("change", function () { category.dataset.touched = "1"; refresh(); });
  description.addEventListener("input", function () {
    later("suggest", function () {
      get(form.dataset.suggest, { text: description.value, lang: form.dataset.lang })
        .then(showSuggestions).then(refresh);
    });
  });
  address.addEventListener("input", function () { later("address", refresh); });
  address.addEventListener("change", refresh);
  refresh();
})();
