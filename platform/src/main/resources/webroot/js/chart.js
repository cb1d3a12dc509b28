// Readings drawn from an alert's own device events (e.g. the heart rate in the vitals events behind
// an abnormal-vitals alert): one small SVG line per reading that occurs in at least two events.
// Nothing is drawn when the events carry no readings; there is no API for continuous readings yet.
import { el, svg } from "./dom.js";
import { label, number, t, time } from "./text.js";

/** Summary fields that are measurements (a fall's confidence or a zone is not). */
const READINGS = ["heartRate", "breathingRate", "seconds", "volumeL", "energyWh", "battery"];
const W = 640;
const H = 150;
const PAD = { left: 48, right: 16, top: 14, bottom: 26 };

function series(events, field) {
  return events
    .filter((e) => typeof e.summary[field] === "number" && Number.isFinite(e.summary[field]))
    .map((e) => ({ at: Date.parse(e.eventTime || e.at), value: e.summary[field], iso: e.eventTime || e.at }))
    .filter((p) => !Number.isNaN(p.at))
    .sort((a, b) => a.at - b.at);
}

function tick(v) {
  return number(v, Number.isInteger(v) ? 0 : 1);
}

function lineChart(field, points) {
  const values = points.map((p) => p.value);
  let [min, max] = [Math.min(...values), Math.max(...values)];
  if (min === max) { min -= 1; max += 1; }
  const [t0, t1] = [points[0].at, points[points.length - 1].at];
  const x = (at) => PAD.left + (t1 === t0 ? 0.5 : (at - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const name = label("field", field);
  const line = points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  return el("figure", { class: "chart", dataset: { field } },
    el("figcaption", { text: name }),
    svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "chart-plot",
      "aria-label": t("chart.label", { field: name, min: tick(Math.min(...values)), max: tick(Math.max(...values)), count: points.length }) },
      svg("line", { class: "axis", x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
      svg("line", { class: "axis", x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom }),
      svg("text", { class: "tick", x: PAD.left - 6, y: y(max) + 4, "text-anchor": "end", text: tick(max) }),
      svg("text", { class: "tick", x: PAD.left - 6, y: y(min) + 4, "text-anchor": "end", text: tick(min) }),
      svg("text", { class: "tick", x: PAD.left, y: H - 6, text: time(points[0].iso) }),
      svg("text", { class: "tick", x: W - PAD.right, y: H - 6, "text-anchor": "end", text: time(points[points.length - 1].iso) }),
      svg("polyline", { class: "series", points: line }),
      points.map((p) => svg("circle", { class: "reading", cx: x(p.at).toFixed(1), cy: y(p.value).toFixed(1), r: 3 },
        svg("title", { text: time(p.iso) + " " + name + " " + p.value })))));
}

/** A card of charts, or null when the events carry no reading twice. */
export function readingsChart(entries) {
  const events = entries.filter((e) => e.type === "EVENT" && e.summary && typeof e.summary === "object");
  const charts = READINGS.map((field) => [field, series(events, field)]).filter(([, points]) => points.length >= 2);
  if (charts.length === 0) { return null; }
  return el("section", { class: "card", id: "alert-readings", "aria-labelledby": "alert-readings-h" },
    el("h2", { id: "alert-readings-h", text: t("chart.title") }),
    el("p", { class: "muted small", text: t("chart.note", { count: events.length }) }),
    charts.map(([field, points]) => lineChart(field, points)));
}
