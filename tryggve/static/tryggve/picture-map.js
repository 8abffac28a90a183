// The picture's map: areas, report points, H3 hexagon counts and Gi* hotspots of one week.
(function () {
  "use strict";
  const el = document.getElementById("picture-map");
  if (!el) return;
  const status = document.getElementById("map-status");
  const say = status.dataset;  // the sentences, in the page's language
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  const map = L.map(el);
  const tiles = JSON.parse(document.getElementById("map-tiles").textContent);
  if (tiles.url) L.tileLayer(tiles.url, { maxZoom: 19, attribution: tiles.attribution }).addTo(map);
  const colours = { acute: "#b3261e", disturbance: "#d9822b", preventive: "#0b5cad" };
  const layers = { points: L.layerGroup(), cells: L.layerGroup(), hotspots: L.layerGroup(),
    measures: L.layerGroup() };
  const areas = L.featureGroup().addTo(map);
  // Names come from the database: hand Leaflet text nodes, never HTML strings.
  const text = (value) => { const span = document.createElement("span"); span.textContent = value; return span; };

  fetch(el.dataset.url, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .then((data) => {
      data.areas.forEach((a) => L.geoJSON(a.polygon, { style: { weight: 2, fillOpacity: 0.03 } })
        .bindTooltip(text(a.name)).addTo(areas));
      const max = Math.max(1, ...data.cells.map((c) => c.count));
      data.cells.forEach((c) => L.polygon(c.boundary, {
        weight: 0.5, color: "#5b2a86", fillColor: "#5b2a86", fillOpacity: 0.15 + 0.6 * c.count / max,
      }).bindTooltip(fill(say.reports, { count: c.count })).addTo(layers.cells));
      data.hotspots.forEach((h) => L.polygon(h.boundary, { weight: 3, color: "#b3261e", fill: false })
        .bindTooltip(fill(say.hotspot, { z: h.z.toFixed(2), count: h.count })).addTo(layers.hotspots));
      data.points.forEach((p) => L.circleMarker([p.latitude, p.longitude], {
        radius: 5, weight: 1, color: "#fff", fillColor: colours[p.level] || "#333", fillOpacity: 0.9,
      }).bindPopup(() => {
        const box = document.createElement("div"), link = document.createElement("a");
        link.href = "/reports/" + encodeURIComponent(p.id) + "/";
        link.textContent = p.category_label;
        const when = new Date(p.occurred_at).toLocaleString(
          document.documentElement.lang === "en" ? "en-GB" : "sv-SE");
        box.append(link, document.createElement("br"), when);
        return box;
      }).addTo(layers.points));
      // Measures: green rings, apart from the filled report dots.
      (data.measures || []).forEach((m) => L.circleMarker([m.latitude, m.longitude], {
        radius: 9, weight: 3, color: "#2e7d32", fillColor: "#fff", fillOpacity: 0.6,
      }).bindTooltip(text(m.title)).bindPopup(() => {
        const box = document.createElement("div"), link = document.createElement("a");
        link.href = "/measures/" + encodeURIComponent(m.id) + "/";
        link.textContent = m.title;
        box.append(link, document.createElement("br"), m.kind_label);
        return box;
      }).addTo(layers.measures));
      Object.values(layers).forEach((l) => l.addTo(map));
      if (areas.getLayers().length) map.fitBounds(areas.getBounds(), { padding: [10, 10] });
      status.textContent = fill(data.truncated ? say.truncated : say.summary,
        { points: data.points.length, hotspots: data.hotspots.length });
    })
    .catch(() => { status.textContent = say.failed; map.setView([59.3, 18], 5); });

  [["show-points", "points"], ["show-cells", "cells"], ["show-hotspots", "hotspots"],
    ["show-measures", "measures"]].forEach(([id, key]) => {
    document.getElementById(id).addEventListener("change", (e) => {
      if (e.target.checked) layers[key].addTo(map); else map.removeLayer(layers[key]);
    });
  });
})();
