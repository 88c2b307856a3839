// The explorer's map: country shapes from the vendored world-atlas TopoJSON, drawn by
// Leaflet with no tile layer; event locations as circle markers, aggregated into grid cells
// when there are more than a few thousand.
"use strict";

var QUAD_COLORS = { 1: "#2c7fb8", 2: "#41ab5d", 3: "#fd8d3c", 4: "#d7301f" };
var QUAD = { AGREE: 1, CONSULT: 1, SUPPORT: 1, CONCEDE: 1, COOPERATE: 2, AID: 2, RETREAT: 2,
  REQUEST: 3, ACCUSE: 3, REJECT: 3, THREATEN: 3, PROTEST: 4, SANCTION: 4, MOBILIZE: 4,
  COERCE: 4, ASSAULT: 4 };
var CLUSTER_OVER = 3000;

function clusters(points, cell) {
  var cells = {};
  points.forEach(function (p) {
    var key = Math.floor(p.lat / cell) + ":" + Math.floor(p.lon / cell);
    var c = cells[key] || (cells[key] = { lat: 0, lon: 0, n: 0 });
    c.lat += p.lat; c.lon += p.lon; c.n += 1;
  });
  return Object.keys(cells).map(function (k) {
    var c = cells[k];
    return { lat: c.lat / c.n, lon: c.lon / c.n, n: c.n };
  });
}

function drawMap(el) {
  var note = document.getElementById("map-note");
  var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 10,
                        attributionControl: true }).setView([20, 10], 2);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Natural Earth via world-atlas");
  Promise.all([
    fetch(el.getAttribute("data-world")).then(function (r) { return r.json(); }),
    fetch(el.getAttribute("data-points")).then(function (r) { return r.json(); }),
  ]).then(function (res) {
    var world = res[0], points = res[1];
    var land = topojson.feature(world, world.objects.countries);
    L.geoJSON(land, { style: { color: "#999", weight: 0.6, fillColor: "#eee",
                               fillOpacity: 1 }, interactive: false }).addTo(map);
    var markers = [];
    if (points.length > CLUSTER_OVER) {
      clusters(points, 2).forEach(function (c) {
        markers.push(L.circleMarker([c.lat, c.lon], { radius: 3 + Math.log2(c.n + 1),
          color: "#333", weight: 1, fillOpacity: 0.6 }).bindTooltip(c.n + " events"));
      });
    } else {
      points.forEach(function (p) {
        var m = L.circleMarker([p.lat, p.lon], { radius: 5, weight: 1, color: "#222",
          fillColor: QUAD_COLORS[QUAD[p.event]] || "#666", fillOpacity: 0.8 });
        // Tooltip text built as a text node: place names come from pages.
        var label = document.createElement("span");
        label.textContent = p.event + " " + (p.date || "") + " " + (p.place || "");
        m.bindTooltip(label);
        m.on("click", function () { window.location.href = "/events/" + encodeURIComponent(p.id); });
        markers.push(m);
      });
    }
    markers.forEach(function (m) { m.addTo(map); });
    note.textContent = points.length + " located events" +
      (points.length > CLUSTER_OVER ? " (grouped in 2° cells)" : "") + ".";
    el.setAttribute("data-loaded", String(points.length));
  }).catch(function (err) { note.textContent = "Map not loaded: " + err; });
}

document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("map");
  if (el && window.L && window.topojson) drawMap(el);
});
