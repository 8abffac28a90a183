// The measures list's map: one marker per listed measure (at its place, property or area).
(function () {
  "use strict";
  const el = document.getElementById("measures-map");
  const data = document.getElementById("measures-points");
  if (!el || !data || !window.L) return;
  const points = JSON.parse(data.textContent);
  const map = L.map(el);
  const tiles = JSON.parse(document.getElementById("map-tiles").textContent);
  if (tiles.url) L.tileLayer(tiles.url, { maxZoom: 19, attribution: tiles.attribution }).addTo(map);
  const colours = { planned: "#0b5cad", ongoing: "#2e7d32", done: "#555", cancelled: "#999" };
  const markers = L.featureGroup().addTo(map);
  // Titles come from the database: hand Leaflet DOM nodes, never HTML strings.
  points.forEach((m) => L.circleMarker([m.latitude, m.longitude], {
    radius: 7, weight: 2, color: "#fff", fillColor: colours[m.status] || "#333", fillOpacity: 0.9,
  }).bindPopup(() => {
    const box = document.createElement("div"), link = document.createElement("a");
    link.href = "/measures/" + encodeURIComponent(m.id) + "/";
    link.textContent = m.title;
    box.append(link, document.createElement("br"), m.kind_label);
    return box;
  }).addTo(markers));
  if (markers.getLayers().length) map.fitBounds(markers.getBounds(), { padding: [20, 20], maxZoom: 16 });
  else map.setView([59.3, 18], 5);
})();
