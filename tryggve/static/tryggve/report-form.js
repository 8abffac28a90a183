// The report form: place by tapping the map or by the phone's position, a searchable
// category list, and the area/property/place lists narrowed to the chosen collaboration.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const areas = JSON.parse($("map-areas").textContent);
  const lat = $("latitude"), lon = $("longitude"), text = $("position-text");
  const say = text.dataset;  // the sentences below, in the page's language
  const collab = $("collaboration");

  const map = L.map("map", { zoomControl: true });
  const tiles = JSON.parse(document.getElementById("map-tiles").textContent);
  if (tiles.url) L.tileLayer(tiles.url, { maxZoom: 19, attribution: tiles.attribution }).addTo(map);
  const layer = L.featureGroup().addTo(map);
  let marker = null;

  // Area names come from the database: give Leaflet text, never an HTML string.
  function textNode(value) {
    const span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function drawAreas() {
    layer.clearLayers();
    areas.filter((a) => String(a.collaboration) === collab.value).forEach((a) => {
      L.geoJSON(a.polygon, { style: { weight: 2, fillOpacity: 0.05 }, interactive: false })
        .bindTooltip(textNode(a.name)).addTo(layer);
    });
    if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    else map.setView([59.33, 18.07], 11);
  }

  function setPoint(latlng, how) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
    text.textContent = how + ": " + lat.value + ", " + lon.value;
  }

  map.on("click", (e) => setPoint(e.latlng, say.chosen));
  $("use-position").addEventListener("click", () => {
    if (!navigator.geolocation) { text.textContent = say.unsupported; return; }
    text.textContent = say.locating;
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const p = L.latLng(pos.coords.latitude, pos.coords.longitude);
        setPoint(p, say.yours);
        map.setView(p, 17);
      },
      () => { text.textContent = say.failed; },
      { enableHighAccuracy: true, timeout: 10000 }
    );
  });

  function narrowLists() {
    document.querySelectorAll("select[data-scoped] option[data-collab]").forEach((o) => {
      o.hidden = o.dataset.collab !== collab.value;
      if (o.hidden && o.selected) o.selected = false;
    });
  }

  const search = $("category-search"), category = $("category"), level = $("level");
  search.addEventListener("input", () => {
    const q = search.value.trim().toLowerCase();
    category.querySelectorAll("optgroup").forEach((g) => {
      let any = false;
      g.querySelectorAll("option").forEach((o) => {
        const show = !q || o.dataset.search.includes(q) || g.label.toLowerCase().includes(q);
        o.hidden = !show;
        any = any || show;
      });
      g.hidden = !any;
    });
  });
  category.addEventListener("change", () => {
    const chosen = category.selectedOptions[0];
    if (chosen && !level.dataset.touched) level.value = chosen.dataset.level;
  });
  level.addEventListener("change", () => { level.dataset.touched = "1"; });

  collab.addEventListener("change", () => { drawAreas(); narrowLists(); });
  drawAreas();
  narrowLists();
  if (lat.value && lon.value) setPoint(L.latLng(+lat.value, +lon.value), say.chosen);
})();
