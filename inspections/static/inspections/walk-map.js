// The safety-walk map: the area, the observations so far, and a tap (or the phone's
// position) to place a new one.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const points = JSON.parse($("walk-points").textContent);
  const area = JSON.parse($("walk-area").textContent);
  const map = L.map("map");
  const tiles = JSON.parse(document.getElementById("map-tiles").textContent);
  if (tiles.url) L.tileLayer(tiles.url, { maxZoom: 19, attribution: tiles.attribution }).addTo(map);
  const text = (value) => { const s = document.createElement("span"); s.textContent = value; return s; };
  const outline = L.geoJSON(area, { style: { weight: 2, fillOpacity: 0.05 }, interactive: false }).addTo(map);
  // Set the view before adding markers: Leaflet projects them on the way in.
  if (outline.getLayers().length) map.fitBounds(outline.getBounds(), { padding: [10, 10] });
  else map.setView([59.33, 18.07], 12);
  points.forEach((p) => L.circleMarker([p.lat, p.lon], { radius: 8, color: "#b3261e" })
    .bindTooltip(text(p.text)).addTo(map));

  const lat = $("latitude"), lon = $("longitude"), say = $("position-text");
  if (!lat) return;  // read-only
  let marker = null;
  function setPoint(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
    say.textContent = say.dataset.chosen + ": " + lat.value + ", " + lon.value;
  }
  map.on("click", (e) => setPoint(e.latlng));
  $("use-position").addEventListener("click", () => {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition((pos) => {
      const p = L.latLng(pos.coords.latitude, pos.coords.longitude);
      setPoint(p);
      map.setView(p, 17);
    }, () => {}, { enableHighAccuracy: true, timeout: 10000 });
  });
})();
