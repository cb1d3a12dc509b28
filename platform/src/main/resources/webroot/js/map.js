// The care map: the GeoJSON of GET /api/map drawn as an SVG plot fitted to the features' bounds,
// in an equirectangular projection without map tiles (the default), or, when the operator
// configured a tile server (GET /api/map/tiles), in Web Mercator over its raster tiles, at the
// zoom level that suits the area shown, with the tiles' attribution. Elders are circles coloured by their
// map status and link to their page, sites are squares, staff on duty triangles. Zoom and pan by
// the buttons, the wheel, dragging, or the arrow and +/- keys on the plot.
import { api } from "./api.js";
import { el, replace, svg } from "./dom.js";
import { subscribe } from "./live.js";
import { distance, label, t } from "./text.js";
import { STAFF_ROLES, hasRole } from "./session.js";
import { mercator, tileImage, tilesCovering, tileUrl, usable, zoomFor } from "./tiles.js";

const section = document.getElementById("map");
const W = 1000;
const H = 640;
const PAD = 40;
const STATUSES = ["ALERT_P1", "ALERT_P2", "ALERT_P3", "ALERT_P4", "DEVICE_OFFLINE", "HOSPITAL", "AWAY", "FINE"];
const LIST_LIMIT = 300;
const METERS_PER_DEGREE = 111320;

let visible = false;
let data = null;
let shown = new Set(STATUSES);
let layers = { sites: true, staff: true };
let view = { zoom: 1, x: 0, y: 0 };
let fit = null;
let markers = [];
let plot = null;
let scaleBar = null;
let reloadTimer = null;
// Safe zones (rule 20) of the elders shown, drawn under the markers when the "zones" layer is on;
// asked per elder (each read is audited), for at most ZONE_LIMIT elders.
const ZONE_LIMIT = 30;
let zonesOn = false;
let zoneData = [];
let zoneShapes = [];
// Tile settings from GET /api/map/tiles (null until known; {enabled: false} without tiles), and
// the tiles drawn, by "z/x/y", kept across pans and zooms so that each is fetched once.
let tiles = null;
let tileLayer = null;
let tileNodes = new Map();

function tilesOn() {
  return usable(tiles);
}

function points(layer) {
  return (data ? data.features : []).filter((f) => f.properties && f.properties.layer === layer
    && f.geometry && Array.isArray(f.geometry.coordinates));
}

/** Projection fitted to every feature's bounds (at least about a kilometre across). */
function fitTo(features) {
  if (features.length === 0) { return null; }
  const lons = features.map((f) => f.geometry.coordinates[0]);
  const lats = features.map((f) => f.geometry.coordinates[1]);
  let [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const midLat = (minLat + maxLat) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const min = 0.01;
  if ((maxLon - minLon) * k < min) { const c = (minLon + maxLon) / 2; minLon = c - min / (2 * k); maxLon = c + min / (2 * k); }
  if (maxLat - minLat < min) { minLat = midLat - min / 2; maxLat = midLat + min / 2; }
  if (tilesOn()) {
    // Web Mercator, like the tiles: world units from 0 to 1, one unit being a parallel's length.
    const [x0, y0] = mercator(minLon, maxLat);
    const [x1, y1] = mercator(maxLon, minLat);
    const scale = Math.min((W - 2 * PAD) / (x1 - x0), (H - 2 * PAD) / (y1 - y0));
    return { mercator: true, scale, x0: (x0 + x1) / 2, y0: (y0 + y1) / 2, metersPerUnit: 360 * METERS_PER_DEGREE * k };
  }
  const scale = Math.min((W - 2 * PAD) / ((maxLon - minLon) * k), (H - 2 * PAD) / (maxLat - minLat));
  return { k, scale, lon0: (minLon + maxLon) / 2, lat0: (minLat + maxLat) / 2, metersPerUnit: METERS_PER_DEGREE };
}

function project([lon, lat]) {
  const s = fit.scale * view.zoom;
  if (fit.mercator) {
    const [mx, my] = mercator(lon, lat);
    return [W / 2 + view.x + (mx - fit.x0) * s, H / 2 + view.y + (my - fit.y0) * s];
  }
  return [W / 2 + view.x + (lon - fit.lon0) * fit.k * s, H / 2 + view.y - (lat - fit.lat0) * s];
}

/** The tiles under the area shown, at the zoom level whose tiles show at about 256 screen pixels. */
function placeTiles() {
  if (!tileLayer || !fit || !fit.mercator) { return; }
  const s = fit.scale * view.zoom;
  const box = plot.getBoundingClientRect();
  const pixelsPerUnit = box.width > 0 && box.height > 0 ? Math.min(box.width / W, box.height / H) : 1;
  const z = zoomFor(s * pixelsPerUnit, Number.isInteger(tiles.maxZoom) ? tiles.maxZoom : 18);
  const left = fit.x0 - (W / 2 + view.x) / s;
  const top = fit.y0 - (H / 2 + view.y) / s;
  const wanted = tilesCovering(left, top, left + W / s, top + H / s, z);
  const n = 2 ** z;
  const size = s / n;
  const keep = new Set();
  wanted.forEach((tile) => {
    const key = tile.z + "/" + tile.x + "/" + tile.y;
    keep.add(key);
    let node = tileNodes.get(key);
    if (!node) {
      node = tileImage(tileUrl(tiles.url, tile), tile);
      tileNodes.set(key, node);
      tileLayer.append(node);
    }
    // A quarter unit of overlap hides the hairline seams between neighbours.
    node.setAttribute("x", (W / 2 + view.x + (tile.x / n - fit.x0) * s).toFixed(2));
    node.setAttribute("y", (H / 2 + view.y + (tile.y / n - fit.y0) * s).toFixed(2));
    node.setAttribute("width", (size + 0.25).toFixed(2));
    node.setAttribute("height", (size + 0.25).toFixed(2));
  });
  tileNodes.forEach((node, key) => {
    if (!keep.has(key)) { node.remove(); tileNodes.delete(key); }
  });
}

function placeZones() {
  const unitsPerMeter = (fit.scale * view.zoom) / fit.metersPerUnit;
  zoneShapes.forEach(({ node, zone }) => {
    if (zone.shape === "CIRCLE") {
      const [x, y] = project([zone.center.lon, zone.center.lat]);
      node.setAttribute("cx", x.toFixed(1));
      node.setAttribute("cy", y.toFixed(1));
      node.setAttribute("r", (zone.radiusM * unitsPerMeter).toFixed(1));
    } else {
      node.setAttribute("points", zone.polygon.coordinates[0].map((c) => project(c).map((v) => v.toFixed(1)).join(",")).join(" "));
    }
  });
}

async function loadZones() {
  const ids = elders().slice(0, ZONE_LIMIT).map((f) => Number(f.properties.id));
  const answers = await Promise.all(ids.map((id) => api("/api/elders/" + id + "/safe-zones", { purpose: "care-map" })));
  zoneData = answers.filter((a) => a.ok && a.body).flatMap((a) => a.body.zones || []);
  if (visible && zonesOn) { drawPlot(); }
}

function place() {
  if (fit) { placeTiles(); placeZones(); }
  markers.forEach(({ node, coordinates, offset }) => {
    const [x, y] = project(coordinates);
    node.setAttribute("transform", `translate(${(x + offset[0]).toFixed(1)} ${(y + offset[1]).toFixed(1)})`);
  });
  drawScale();
}

function drawScale() {
  if (!scaleBar || !fit) { return; }
  const unitsPerMeter = (fit.scale * view.zoom) / fit.metersPerUnit;
  const nice = [50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000];
  const meters = nice.filter((m) => m * unitsPerMeter <= 160).pop() || nice[0];
  const length = meters * unitsPerMeter;
  replace(scaleBar,
    svg("line", { x1: 0, y1: 0, x2: length.toFixed(1), y2: 0, class: "scale-line" }),
    svg("line", { x1: 0, y1: -5, x2: 0, y2: 5, class: "scale-line" }),
    svg("line", { x1: length.toFixed(1), y1: -5, x2: length.toFixed(1), y2: 5, class: "scale-line" }),
    svg("text", { x: 0, y: -9, class: "scale-text", text: distance(meters) }));
}

function zoom(factor, cx = W / 2, cy = H / 2) {
  const next = Math.min(64, Math.max(0.5, view.zoom * factor));
  const f = next / view.zoom;
  view = { zoom: next, x: (view.x - (cx - W / 2)) * f + (cx - W / 2), y: (view.y - (cy - H / 2)) * f + (cy - H / 2) };
  place();
}

function pan(dx, dy) {
  view = { zoom: view.zoom, x: view.x + dx, y: view.y + dy };
  place();
}

/** Client pixels to the plot's own units. */
function units(node, clientX, clientY) {
  const box = node.getBoundingClientRect();
  const ratio = Math.max(W / box.width, H / box.height);
  return [(clientX - box.left) * ratio - (box.width * ratio - W) / 2, (clientY - box.top) * ratio - (box.height * ratio - H) / 2];
}

function interact(node) {
  node.addEventListener("wheel", (e) => {
    e.preventDefault();
    const [x, y] = units(node, e.clientX, e.clientY);
    zoom(e.deltaY < 0 ? 1.25 : 0.8, x, y);
  }, { passive: false });
  let drag = null;
  node.addEventListener("pointerdown", (e) => {
    if (e.target.closest("a")) { return; }
    drag = { x: e.clientX, y: e.clientY };
    node.setPointerCapture(e.pointerId);
  });
  node.addEventListener("pointermove", (e) => {
    if (!drag) { return; }
    const [x0, y0] = units(node, drag.x, drag.y);
    const [x1, y1] = units(node, e.clientX, e.clientY);
    drag = { x: e.clientX, y: e.clientY };
    pan(x1 - x0, y1 - y0);
  });
  ["pointerup", "pointercancel"].forEach((type) => node.addEventListener(type, () => { drag = null; }));
  node.addEventListener("keydown", (e) => {
    const moves = { ArrowLeft: [60, 0], ArrowRight: [-60, 0], ArrowUp: [0, 60], ArrowDown: [0, -60] };
    if (moves[e.key]) { e.preventDefault(); pan(...moves[e.key]); }
    if (e.key === "+" || e.key === "=") { e.preventDefault(); zoom(1.5); }
    if (e.key === "-") { e.preventDefault(); zoom(1 / 1.5); }
  });
}

function elderMarker(f) {
  const p = f.properties;
  const title = t("map.elder.title", { name: p.name, status: label("mapStatus", p.mapStatus) });
  return svg("a", { href: "#/elders/" + Number(p.id), class: "elder ms-" + p.mapStatus, dataset: { elderId: p.id, status: p.mapStatus }, "aria-label": title },
    svg("title", { text: title }), svg("circle", { r: 7 }));
}

function siteMarker(f) {
  const p = f.properties;
  return svg("g", { class: "site" + (p.active === false ? " inactive" : ""), dataset: { siteId: p.id } },
    svg("title", { text: t("map.site.title", { name: p.name, kind: label("siteKind", p.kind), elders: p.elders ?? 0 }) }),
    svg("rect", { x: -6, y: -6, width: 12, height: 12 }));
}

function staffMarker(f) {
  const p = f.properties;
  return svg("g", { class: "staff" + (p.stale ? " stale" : "") + (p.busy ? " busy" : ""), dataset: { accountId: p.accountId } },
    svg("title", { text: t("map.staff.title", { name: p.displayName, role: label("role", p.role), busy: p.busy ? t("map.staff.busy") : "", stale: p.stale ? t("map.staff.stale") : "" }) }),
    svg("polygon", { points: "0,-8 7,6 -7,6" }));
}

function elders() {
  return points("elders").filter((f) => shown.has(f.properties.mapStatus))
    .sort((a, b) => STATUSES.indexOf(b.properties.mapStatus) - STATUSES.indexOf(a.properties.mapStatus));
}

/** Offsets on a small ring for elders living at the same point (an institution's residents). */
function spread(features) {
  const groups = new Map();
  features.forEach((f) => {
    const key = f.geometry.coordinates.join(",");
    groups.set(key, (groups.get(key) || []).concat([f]));
  });
  const offsets = new Map();
  groups.forEach((group) => group.forEach((f, i) => {
    const angle = (2 * Math.PI * i) / group.length;
    offsets.set(f, group.length === 1 ? [0, 0] : [11 * Math.cos(angle), 11 * Math.sin(angle)]);
  }));
  return offsets;
}

function drawPlot() {
  markers = [];
  zoneShapes = [];
  const zoneLayer = svg("g", { class: "zones" });
  (zonesOn ? zoneData : []).forEach((zone) => {
    const node = svg(zone.shape === "CIRCLE" ? "circle" : "polygon", { class: "safe-zone" },
      svg("title", { text: t("map.zone.title", { name: zone.name }) }));
    zoneShapes.push({ node, zone });
    zoneLayer.append(node);
  });
  const world = svg("g", { class: "markers" });
  const add = (f, node, offset) => { markers.push({ node, coordinates: f.geometry.coordinates, offset: offset || [0, 0] }); world.append(node); };
  if (layers.sites) { points("sites").forEach((f) => add(f, siteMarker(f))); }
  if (layers.staff) { points("staff").forEach((f) => add(f, staffMarker(f))); }
  const shownElders = elders();
  const offsets = spread(shownElders);
  shownElders.forEach((f) => add(f, elderMarker(f), offsets.get(f)));
  scaleBar = svg("g", { class: "scale", transform: `translate(${PAD} ${H - 20})`, "aria-label": t("map.scale") });
  const credit = tilesOn() && tiles.attribution
    ? svg("text", { class: "attribution", x: W - 8, y: H - 8, "text-anchor": "end", text: tiles.attribution }) : null;
  replace(plot, svg("title", { text: t(tilesOn() ? "map.plot.tiles" : "map.plot") }),
    svg("rect", { class: "sea", x: 0, y: 0, width: W, height: H }), tileLayer, zoneLayer, world, scaleBar, credit);
  if (fit) { place(); }
}

function swatch(status) {
  return el("span", { class: "swatch ms-" + status, "aria-hidden": "true" });
}

function filters() {
  const counts = {};
  points("elders").forEach((f) => { counts[f.properties.mapStatus] = (counts[f.properties.mapStatus] || 0) + 1; });
  const statusBox = el("fieldset", { class: "filters" }, el("legend", { text: t("map.filters") }),
    STATUSES.map((s) => el("label", { class: "filter" },
      el("input", { type: "checkbox", name: "status", value: s, checked: shown.has(s),
        onchange: (e) => { if (e.target.checked) { shown.add(s); } else { shown.delete(s); } drawPlot(); drawList(); } }),
      swatch(s), " " + label("mapStatus", s) + " (" + (counts[s] || 0) + ")")));
  const layerBox = el("fieldset", { class: "filters" }, el("legend", { text: t("map.layers") }),
    ["sites", "staff"].filter((l) => (data.layers || []).includes(l)).map((l) => el("label", { class: "filter" },
      el("input", { type: "checkbox", name: "layer", value: l, checked: layers[l],
        onchange: (e) => { layers[l] = e.target.checked; drawPlot(); } }),
      el("span", { class: "shape shape-" + l, "aria-hidden": "true" }), " " + t("map.layer." + l))),
    hasRole(STAFF_ROLES) ? el("label", { class: "filter" },
      el("input", { type: "checkbox", name: "layer", value: "zones", checked: zonesOn,
        onchange: (e) => { zonesOn = e.target.checked; if (zonesOn) { loadZones(); } else { drawPlot(); } } }),
      el("span", { class: "shape shape-zones", "aria-hidden": "true" }), " " + t("map.layer.zones")) : null);
  const tools = el("div", { class: "zoom", role: "group", "aria-label": t("map.zoomIn") + " / " + t("map.zoomOut") },
    el("button", { type: "button", text: "+", "aria-label": t("map.zoomIn"), title: t("map.zoomIn"), onclick: () => zoom(1.5) }),
    el("button", { type: "button", text: "−", "aria-label": t("map.zoomOut"), title: t("map.zoomOut"), onclick: () => zoom(1 / 1.5) }),
    el("button", { type: "button", text: t("map.reset"), onclick: () => { view = { zoom: 1, x: 0, y: 0 }; place(); } }));
  return el("div", { class: "map-tools" }, statusBox, layerBox, tools);
}

function drawList() {
  const box = section.querySelector(".map-list");
  const list = elders().reverse();
  replace(box, el("h2", { text: t("map.list") }),
    list.length === 0 ? el("p", { class: "muted", text: t("map.empty") }) :
      el("div", { class: "table-wrap" }, el("table", { class: "plain" },
        el("thead", {}, el("tr", {}, ["col.elder", "col.status", "map.openAlerts", "map.devices"].map((k) => el("th", { scope: "col", text: t(k) })))),
        el("tbody", {}, list.slice(0, LIST_LIMIT).map((f) => {
          const p = f.properties;
          return el("tr", { dataset: { elderId: p.id } },
            el("td", {}, el("a", { href: "#/elders/" + Number(p.id), text: p.name })),
            el("td", {}, swatch(p.mapStatus), " " + label("mapStatus", p.mapStatus)),
            el("td", { text: String(p.openAlerts ?? 0) }),
            el("td", { text: p.devices ? t("map.devices.value", { total: p.devices.total, offline: p.devices.offline }) : "—" }));
        })))));
}

function render() {
  const body = section.querySelector(".page-body");
  if (!data) { return; }
  const features = data.features || [];
  fit = fitTo(features.filter((f) => f.geometry && Array.isArray(f.geometry.coordinates)));
  plot = svg("svg", { class: "plot" + (tilesOn() ? " tiled" : ""), id: "map-plot", viewBox: `0 0 ${W} ${H}`, role: "group", tabindex: 0,
    "aria-label": t(tilesOn() ? "map.plot.tiles" : "map.plot") });
  // Kept across reloads of the map (each alert reloads it), so its tiles are not fetched again.
  tileLayer = tilesOn() ? (tileLayer || svg("g", { class: "tiles" })) : null;
  if (!tileLayer) { tileNodes = new Map(); }
  interact(plot);
  const summary = [el("p", { class: "summary", id: "map-summary", text: t("map.summary", {
    elders: points("elders").length, sites: points("sites").length, staff: points("staff").length }) })];
  if (data.unplaced) { summary.push(el("p", { class: "muted", text: t("map.unplaced", { count: data.unplaced }) })); }
  const legend = el("section", { class: "legend", "aria-labelledby": "map-legend-h" },
    el("h2", { id: "map-legend-h", text: t("map.legend") }),
    el("ul", {},
      [["ALERT_P1"], ["ALERT_P2"], ["ALERT_P3", "ALERT_P4"], ["DEVICE_OFFLINE"], ["AWAY", "HOSPITAL"], ["FINE"]].map((group) =>
        el("li", {}, swatch(group[0]), " " + group.map((s) => label("mapStatus", s)).join(" / "))),
      el("li", {}, el("span", { class: "shape shape-sites", "aria-hidden": "true" }), " " + t("map.layer.sites")),
      el("li", {}, el("span", { class: "shape shape-staff", "aria-hidden": "true" }), " " + t("map.layer.staff")),
      hasRole(STAFF_ROLES) ? el("li", {}, el("span", { class: "shape shape-zones", "aria-hidden": "true" }), " " + t("map.layer.zones")) : null));
  replace(body, summary, filters(), el("div", { class: "map-area" }, el("div", { class: "plot-box" }, plot), legend),
    el("section", { class: "map-list card" }));
  drawPlot();
  drawList();
}

async function load() {
  const [answer, tileAnswer] = await Promise.all([api("/api/map", { purpose: "care-map" }),
    tiles ? null : api("/api/map/tiles")]);
  if (tileAnswer && tileAnswer.ok && tileAnswer.body) { tiles = tileAnswer.body; }
  if (!visible) { return; }
  if (!answer.ok || !answer.body) {
    replace(section.querySelector(".page-body"), el("p", { class: "error", role: "alert", text: t("page.failed") }));
    return;
  }
  data = answer.body;
  render();
}

subscribe((change) => {
  if (visible && change.alert) {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => { if (visible) { load(); } }, 3000);
  }
});

export const mapPage = {
  id: "map",
  title: "map.title",
  roles: ["STAFF", "SUPERVISOR", "BUREAU", "ADMIN"],
  section,
  show() {
    visible = true;
    if (!data) { replace(section.querySelector(".page-body"), el("p", { class: "muted", text: t("page.loading") })); }
    load();
  },
  hide() {
    visible = false;
    clearTimeout(reloadTimer);
  },
  clear() {
    data = null;
    tiles = null;
    tileLayer = null;
    tileNodes = new Map();
    view = { zoom: 1, x: 0, y: 0 };
  }
};
