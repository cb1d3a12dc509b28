// The bureau's overview: what the supervision indicators can honestly be today, computed from the
// existing APIs, each figure with its basis. Indicators that need an API of their own are listed,
// not guessed.
import { api, query } from "./api.js";
import { el, facts, replace } from "./dom.js";
import { subscribe } from "./live.js";
import { duration, label, number, share, t } from "./text.js";

const section = document.getElementById("overview");
const PURPOSE = "supervision-overview";
const SEVERITIES = ["P1", "P2", "P3", "P4"];
const MAP_STATUSES = ["ALERT_P1", "ALERT_P2", "ALERT_P3", "ALERT_P4", "DEVICE_OFFLINE", "HOSPITAL", "AWAY", "FINE"];
const SITE_KINDS = ["DAY_CARE", "INSTITUTION", "MEAL_STATION", "COMMUNITY", "HOME"];
const HISTORY_PAGES = 4;
const PAGE = 500;
const CIRCLE_METERS = 1000;
let visible = false;
let reloadTimer = null;

function card(id, title, source, ...content) {
  return el("section", { class: "card indicator", id, "aria-labelledby": id + "-h" },
    el("h2", { id: id + "-h", text: title }), content, el("p", { class: "source", text: t("overview.source", { source }) }));
}

function failed(id, title) {
  return el("section", { class: "card indicator", id }, el("h2", { text: title }), el("p", { class: "error", text: t("page.failed") }));
}

async function total(path) {
  const answer = await api(path, { purpose: PURPOSE });
  return answer.ok && answer.body ? answer.body.total : null;
}

async function openAlerts() {
  const totals = await Promise.all(SEVERITIES.map((s) => total("/api/alerts/history" + query({ status: "open", severity: s, limit: 1 }))));
  const title = t("overview.open");
  if (totals.some((n) => n === null)) { return failed("ov-open", title); }
  const sum = totals.reduce((a, b) => a + b, 0);
  return card("ov-open", title, t("overview.open.source"), facts([
    ...SEVERITIES.map((s, i) => [s + " " + label("severity", s), el("span", { class: "big", dataset: { severity: s }, text: number(totals[i]) })]),
    [t("overview.open.total"), el("span", { class: "big", id: "ov-open-total", text: number(sum) })]
  ], "facts stats"));
}

function meters([lon1, lat1], [lon2, lat2]) {
  const r = (d) => (d * Math.PI) / 180;
  const a = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

async function careMap() {
  const answer = await api("/api/map?layers=elders,sites", { purpose: PURPOSE });
  if (!answer.ok || !answer.body) { return { cards: [failed("ov-elders", t("overview.elders"))], elders: null }; }
  const features = answer.body.features || [];
  const elders = features.filter((f) => f.properties.layer === "elders");
  const circleSites = features.filter((f) => f.properties.layer === "sites" && f.properties.active !== false
    && (f.properties.kind === "DAY_CARE" || f.properties.kind === "MEAL_STATION"));
  const counts = {};
  elders.forEach((f) => { counts[f.properties.mapStatus] = (counts[f.properties.mapStatus] || 0) + 1; });
  const unplaced = answer.body.unplaced || 0;
  const registered = elders.length + unplaced;
  const within = elders.filter((e) => circleSites.some((s) => meters(e.geometry.coordinates, s.geometry.coordinates) <= CIRCLE_METERS)).length;
  return {
    elders: registered,
    cards: [
      card("ov-elders", t("overview.elders"), t("overview.elders.source"), facts([
        [t("overview.elders.total"), el("span", { class: "big", id: "ov-elders-total", text: number(registered) })],
        ...MAP_STATUSES.map((s) => [label("mapStatus", s), el("span", { dataset: { mapStatus: s }, text: number(counts[s] || 0) })]),
        [t("overview.elders.unplaced"), number(unplaced)]
      ], "facts stats")),
      card("ov-circle", t("overview.circle"), t("overview.circle.source"),
        el("p", { class: "big", text: t("overview.circle.value", { within: number(within), placed: number(elders.length), share: share(within, elders.length) }) }),
        el("p", { class: "muted", text: t("overview.circle.note", { unplaced: number(unplaced) }) }))
    ]
  };
}

async function sites() {
  const answer = await api("/api/sites?limit=500", { purpose: PURPOSE });
  if (!answer.ok || !answer.body) { return [failed("ov-sites", t("overview.sites"))]; }
  const items = answer.body.items || [];
  const byKind = {};
  items.forEach((s) => { byKind[s.kind] = (byKind[s.kind] || 0) + 1; });
  const institutions = items.filter((s) => s.kind === "INSTITUTION" && s.beds);
  const beds = institutions.reduce((a, s) => a + (s.beds || 0), 0);
  const nursing = institutions.reduce((a, s) => a + (s.nursingBeds || 0), 0);
  return [
    card("ov-sites", t("overview.sites"), t("overview.sites.source"), facts([
      [t("overview.sites.total"), el("span", { class: "big", id: "ov-sites-total", text: number(answer.body.total) })],
      [t("overview.sites.active"), number(items.filter((s) => s.active !== false).length)],
      ...SITE_KINDS.map((k) => [label("siteKind", k), number(byKind[k] || 0)])
    ], "facts stats")),
    card("ov-beds", t("overview.beds"), t("overview.beds.source"),
      el("p", { class: "big", text: beds > 0 ? t("overview.beds.value", { nursing: number(nursing), beds: number(beds), share: share(nursing, beds) }) : t("overview.none") }),
      el("p", { class: "muted", text: t("overview.beds.target") }))
  ];
}

async function devices() {
  const [enabled, online] = await Promise.all([
    total("/api/devices?enabled=true&limit=1"), total("/api/devices?enabled=true&online=true&limit=1")]);
  if (enabled === null || online === null) { return failed("ov-devices", t("overview.devices")); }
  return card("ov-devices", t("overview.devices"), t("overview.devices.source"),
    el("p", { class: "big", text: t("overview.devices.value", { online: number(online), enabled: number(enabled), share: share(online, enabled) }) }));
}

async function response(registeredElders) {
  const from = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();
  const items = [];
  let totalRaised = null;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const answer = await api("/api/alerts/history" + query({ from, limit: PAGE, offset: page * PAGE }), { purpose: PURPOSE });
    if (!answer.ok || !answer.body) { return failed("ov-response", t("overview.response")); }
    totalRaised = answer.body.total;
    items.push(...answer.body.items);
    if (items.length >= totalRaised || answer.body.items.length < PAGE) { break; }
  }
  const closed = items.filter((a) => a.status === "RESOLVED" || a.status === "FALSE_ALARM");
  const falseAlarms = closed.filter((a) => a.status === "FALSE_ALARM").length;
  const p1 = items.filter((a) => a.severity === "P1");
  const ackSeconds = p1.filter((a) => a.acknowledgedAt)
    .map((a) => (Date.parse(a.acknowledgedAt) - Date.parse(a.raisedAt)) / 1000).sort((x, y) => x - y);
  const within = ackSeconds.filter((s) => s <= 60).length;
  const median = ackSeconds.length === 0 ? null : ackSeconds.length % 2 === 1 ? ackSeconds[(ackSeconds.length - 1) / 2]
    : (ackSeconds[ackSeconds.length / 2 - 1] + ackSeconds[ackSeconds.length / 2]) / 2;
  return card("ov-response", t("overview.response"), t("overview.response.source"), facts([
    [t("overview.response.raised"), el("span", { class: "big", id: "ov-raised", text: number(totalRaised) })],
    [t("overview.response.closed"), number(closed.length)],
    [t("overview.response.closedShare"), share(closed.length, items.length)],
    [t("overview.response.false"), share(falseAlarms, closed.length)],
    [t("overview.response.p1"), p1.length ? t("overview.response.p1.value", { within: number(within), total: number(p1.length), share: share(within, p1.length) }) : t("overview.none")],
    [t("overview.response.median"), median === null ? t("overview.none") : duration(median)],
    [t("overview.response.per100"), registeredElders ? number((100 * totalRaised) / registeredElders, 1) : "—"]
  ], "facts stats"), items.length < totalRaised
    ? el("p", { class: "muted", text: t("overview.response.partial", { shown: number(items.length), total: number(totalRaised) }) }) : null);
}

function missing() {
  const keys = ["coverage", "monitoring", "arrival", "falseByDevice", "visits", "meals", "institutions", "privacy"];
  return el("section", { class: "card indicator missing", id: "ov-missing", "aria-labelledby": "ov-missing-h" },
    el("h2", { id: "ov-missing-h", text: t("overview.missing") }),
    el("p", { text: t("overview.missing.intro") }),
    el("ul", {}, keys.map((k) => el("li", { text: t("overview.missing." + k) }))));
}

async function load() {
  const [open, map, siteCards, deviceCard] = await Promise.all([openAlerts(), careMap(), sites(), devices()]);
  const responseCard = await response(map.elders);
  if (!visible) { return; }
  replace(section.querySelector(".page-body"),
    el("p", { class: "muted", text: t("overview.intro") }),
    el("div", { class: "cards indicators" }, open, map.cards, siteCards, deviceCard, responseCard, missing()));
}

subscribe((change) => {
  if (visible && change.alert) {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => { if (visible) { load(); } }, 5000);
  }
});

export const overviewPage = {
  id: "overview",
  title: "overview.title",
  roles: ["BUREAU", "ADMIN"],
  section,
  show() {
    visible = true;
    replace(section.querySelector(".page-body"), el("p", { class: "muted", text: t("page.loading") }));
    load();
  },
  hide() {
    visible = false;
    clearTimeout(reloadTimer);
  }
};
