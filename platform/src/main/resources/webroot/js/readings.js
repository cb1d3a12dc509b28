// The elder page's readings: vital signs, water, electricity and presence from
// GET /api/elders/{id}/readings, one kind at a time (buttons), drawn as inline SVG over the whole
// requested period so that gaps without readings show. Vital signs are lines of the bucket averages
// with each bucket's lowest-to-highest range, broken where buckets have no readings; amounts (water, electricity) and the presence share are bars.
import { api, query } from "./api.js";
import { el, replace, svg } from "./dom.js";
import { number, t, time } from "./text.js";

const KINDS = ["vitals", "water", "electricity", "presence"];
const W = 640;
const H = 170;
const PAD = { left: 52, right: 16, top: 14, bottom: 28 };

/** The series drawn for each kind: which value, how, with how many decimals. */
const SERIES = {
  vitals: [
    { key: "heartRate", value: (p) => p.heartRate && p.heartRate.avg, range: (p) => p.heartRate, style: "line", digits: 0 },
    { key: "breathingRate", value: (p) => p.breathingRate && p.breathingRate.avg, range: (p) => p.breathingRate, style: "line", digits: 0 }
  ],
  water: [{ key: "volumeL", value: (p) => p.volumeL, style: "bar", digits: 1 }],
  electricity: [{ key: "energyWh", value: (p) => p.energyWh, style: "bar", digits: 0 }],
  presence: [{ key: "presentShare", value: (p) => p.presentShare === undefined ? null : 100 * p.presentShare, style: "bar", digits: 0, max: 100 }]
};

/** Points split where buckets without readings lie between them: a line never bridges a gap. */
function runs(points, width) {
  const out = [];
  points.forEach((p, i) => {
    if (i === 0 || p.at - points[i - 1].at > width) { out.push([]); }
    out[out.length - 1].push(p);
  });
  return out;
}

function plot(answer, s) {
  const from = Date.parse(answer.from);
  const to = Date.parse(answer.to);
  const width = answer.bucketSeconds * 1000;
  const points = answer.points
    .map((p) => ({ at: Date.parse(p.at), iso: p.at, value: s.value(p), range: s.range ? s.range(p) : null, count: p.count }))
    .filter((p) => typeof p.value === "number" && Number.isFinite(p.value));
  if (points.length === 0) { return null; }
  const values = points.map((p) => p.value);
  const lows = points.map((p) => (p.range ? p.range.min : p.value));
  const highs = points.map((p) => (p.range ? p.range.max : p.value));
  let min = s.style === "bar" ? 0 : Math.floor(Math.min(...lows) - 2);
  let max = s.max !== undefined ? s.max : Math.ceil(Math.max(...highs) + (s.style === "bar" ? 0 : 2));
  if (max <= min) { max = min + 1; }
  const plotW = W - PAD.left - PAD.right;
  const x = (at) => PAD.left + Math.max(0, Math.min(1, (at - from) / (to - from))) * plotW;
  const y = (v) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const barW = Math.max(2, (width / (to - from)) * plotW - 1);
  const name = t("readings.series." + s.key);
  const fmt = (v) => number(v, s.digits);
  const marks = s.style === "line"
    ? [
      points.filter((p) => p.range).map((p) => svg("line", { class: "range", x1: x(p.at + width / 2).toFixed(1),
        x2: x(p.at + width / 2).toFixed(1), y1: y(p.range.min).toFixed(1), y2: y(p.range.max).toFixed(1) })),
      runs(points, width).map((run) => svg("polyline", { class: "series",
        points: run.map((p) => `${x(p.at + width / 2).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ") })),
      points.map((p) => svg("circle", { class: "reading", cx: x(p.at + width / 2).toFixed(1), cy: y(p.value).toFixed(1), r: 3 },
        svg("title", { text: t("readings.point", { at: time(p.iso), name, value: fmt(p.value), count: p.count }) })))
    ]
    : points.map((p) => svg("rect", { class: "bar", x: x(p.at).toFixed(1), y: y(p.value).toFixed(1), width: barW.toFixed(1),
      height: Math.max(0.5, y(min) - y(p.value)).toFixed(1) },
      svg("title", { text: t("readings.point", { at: time(p.iso), name, value: fmt(p.value), count: p.count }) })));
  return el("figure", { class: "chart", dataset: { series: s.key } },
    el("figcaption", { text: name }),
    svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "chart-plot readings-plot",
      "aria-label": t("readings.label", { name, min: fmt(Math.min(...values)), max: fmt(Math.max(...values)), count: points.length }) },
      svg("line", { class: "axis", x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
      svg("line", { class: "axis", x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom }),
      svg("text", { class: "tick", x: PAD.left - 6, y: y(max) + 4, "text-anchor": "end", text: fmt(max) }),
      svg("text", { class: "tick", x: PAD.left - 6, y: y(min) + 4, "text-anchor": "end", text: fmt(min) }),
      svg("text", { class: "tick", x: PAD.left, y: H - 8, text: time(answer.from).slice(0, 16) }),
      svg("text", { class: "tick", x: W - PAD.right, y: H - 8, "text-anchor": "end", text: time(answer.to).slice(0, 16) }),
      marks));
}

async function show(card, elderId, kind) {
  card.querySelectorAll("button[data-kind]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.kind === kind)));
  const area = card.querySelector(".readings-area");
  replace(area, el("p", { class: "muted", text: t("page.loading") }));
  const answer = await api(`/api/elders/${elderId}/readings` + query({ kind }), { purpose: "care" });
  if (card.dataset.kind !== kind) { return; }
  if (!answer.ok || !answer.body) {
    replace(area, el("p", { class: "error", text: t("page.failed") }));
    return;
  }
  const charts = SERIES[kind].map((s) => plot(answer.body, s)).filter(Boolean);
  replace(area,
    el("p", { class: "muted small", text: t("readings.period", { from: time(answer.body.from).slice(0, 16),
      to: time(answer.body.to).slice(0, 16), bucket: number(answer.body.bucketSeconds / 60) })
      + (kind === "vitals" && charts.length ? t("readings.rangeNote") : "") }),
    charts.length ? charts : el("p", { class: "muted", id: "readings-empty", text: t("readings.none." + kind) }));
}

/** The readings card of an elder; fills itself. */
export function readingsCard(elderId) {
  const card = el("section", { class: "card", id: "elder-readings", "aria-labelledby": "elder-readings-h" },
    el("h2", { id: "elder-readings-h", text: t("elder.readings") }),
    el("div", { class: "readings-kinds", role: "group", "aria-label": t("readings.kinds") },
      KINDS.map((kind) => el("button", { type: "button", dataset: { kind }, "aria-pressed": "false",
        text: t("readings.kind." + kind), onclick: () => { card.dataset.kind = kind; show(card, elderId, kind); } }))),
    el("div", { class: "readings-area", "aria-live": "polite" }));
  card.dataset.kind = "vitals";
  show(card, elderId, "vitals");
  return card;
}
