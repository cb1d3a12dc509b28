// One elder: the profile as far as the role may see it (the server leaves out what it may not),
// current status, latest ability assessment, contacts, and the elder's alerts with links to each
// alert's history, and the elder's recent readings as charts (readings.js).
import { api, query } from "./api.js";
import { el, facts, replace } from "./dom.js";
import { subscribe } from "./live.js";
import { session, setTitle } from "./session.js";
import { label, t, time } from "./text.js";
import { readingsCard } from "./readings.js";

const section = document.getElementById("elder");
let shownId = null;
let refreshTimer = null;

function heading(text) {
  return el("h2", { text });
}

function statusText(elder) {
  const p = elder.statusPeriod;
  let text = label("elderStatus", elder.status);
  if (p && p.fromDate) {
    text += "（" + (p.toDate ? t("elder.statusRange", { from: p.fromDate, to: p.toDate }) : t("elder.statusSince", { from: p.fromDate }))
      + (p.note ? "，" + p.note : "") + "）";
  }
  return text;
}

function profile(elder) {
  return el("section", { class: "card", "aria-labelledby": "elder-profile-h" },
    el("h2", { id: "elder-profile-h", text: t("elder.profile") }),
    facts([
      [t("elder.code"), elder.code],
      [t("elder.status"), elder.status ? statusText(elder) : null],
      [t("elder.sex"), elder.sex ? label("sex", elder.sex) : null],
      [t("elder.age"), elder.age !== null && elder.age !== undefined ? t("elder.age.value", { age: elder.age }) : null],
      [t("elder.birthDate"), elder.birthDate],
      [t("elder.idCard"), elder.idCardMasked],
      [t("elder.phone"), elder.phone],
      [t("elder.address"), elder.address],
      [t("elder.areaCode"), elder.areaCode],
      [t("elder.grid"), elder.grid],
      [t("elder.living"), elder.livingArrangement ? label("living", elder.livingArrangement) : null],
      [t("elder.categories"), (elder.categories || []).map((c) => label("category", c)).join("、")],
      [t("elder.risk"), elder.riskTier ? label("risk", elder.riskTier) : null],
      [t("elder.site"), elder.site ? elder.site.name : null]
    ]));
}

function assessment(elder) {
  const a = elder.latestAssessment;
  const body = !a ? el("p", { class: "muted", text: t("elder.assessment.none") }) : facts([
    [t("elder.assessment"), t("elder.assessment.level", { level: a.levelLabel || a.level, score: a.score })],
    [t("elder.assessment.on"), a.assessedOn],
    [t("elder.assessment.by"), a.assessor],
    [t("elder.assessment.next"), a.nextDue ? [a.nextDue, a.overdue ? el("span", { class: "badge warn", text: t("elder.assessment.overdue") }) : null] : null]
  ]);
  return el("section", { class: "card", "aria-labelledby": "elder-assessment-h" },
    el("h2", { id: "elder-assessment-h", text: t("elder.assessment") }), body);
}

function contacts(elder) {
  const list = elder.contacts || [];
  const own = session.me.role === "FAMILY" ? session.me.username : null;
  const has = (field) => list.some((c) => c[field] !== undefined && c[field] !== null);
  const columns = [
    ["contact.priority", (c) => String(c.priority ?? "")],
    ["contact.name", (c) => c.name + (own && c.familyUsername === own ? t("contact.you") : "")],
    ["contact.relation", (c) => c.relation],
    has("phone") ? ["contact.phone", (c) => c.phone || "—"] : null,
    has("channels") ? ["contact.channels", (c) => (c.channels || []).map((ch) => label("channel", ch)).join("、") || "—"] : null,
    has("notifyConsent") ? ["contact.consent", (c) => (c.notifyConsent === undefined || c.notifyConsent === null ? "—" : t(c.notifyConsent ? "yes" : "no"))] : null
  ].filter(Boolean);
  const body = list.length === 0 ? el("p", { class: "muted", text: t("elder.contacts.none") }) :
    el("div", { class: "table-wrap" }, el("table", { class: "plain" },
      el("thead", {}, el("tr", {}, columns.map(([k]) => el("th", { scope: "col", text: t(k) })))),
      el("tbody", {}, [...list].sort((a, b) => (a.priority || 9) - (b.priority || 9))
        .map((c) => el("tr", {}, columns.map(([, f]) => el("td", { text: f(c) })))))));
  return el("section", { class: "card", "aria-labelledby": "elder-contacts-h" },
    el("h2", { id: "elder-contacts-h", text: t("elder.contacts") }), body);
}

/** The elder's alerts, newest first, each linking to its history. */
export function alertTable(items, id) {
  return el("div", { class: "table-wrap" }, el("table", { class: "plain", id },
    el("thead", {}, el("tr", {},
      ["col.raised", "col.severity", "col.rule", "col.status", "col.disposition", "col.closed", "col.actions"]
        .map((k) => el("th", { scope: "col", text: t(k) })))),
    el("tbody", {}, items.map((a) => el("tr", { dataset: { alertId: a.id } },
      el("td", {}, el("time", { datetime: a.raisedAt, text: time(a.raisedAt) })),
      el("td", {}, el("span", { class: "sev " + a.severity, text: a.severity })),
      el("td", { text: label("rule", a.rule) }),
      el("td", { text: label("status", a.status) }),
      el("td", { text: a.disposition ? label("disposition", a.disposition) : "—" }),
      el("td", { text: a.closedAt ? time(a.closedAt) : "—" }),
      el("td", {}, el("a", { href: "#/alerts/" + Number(a.id), text: t("act.timeline") })))))));
}

/** The elder's own alerts, newest first (the history filtered by elder). */
async function alertHistory(elder) {
  const q = query({ elderId: elder.id, limit: 200 });
  const answer = await api("/api/alerts/history" + q, { purpose: "care" });
  const box = el("section", { class: "card", "aria-labelledby": "elder-alerts-h", id: "elder-alerts" },
    el("h2", { id: "elder-alerts-h", text: t("elder.alerts") }));
  if (!answer.ok || !answer.body) {
    box.append(el("p", { class: "error", text: t("page.failed") }));
    return box;
  }
  const mine = answer.body.items;
  box.append(mine.length ? alertTable(mine, "elder-alert-table") : el("p", { class: "muted", text: t("elder.alerts.none") }));
  if (answer.body.total > answer.body.items.length) {
    box.append(el("p", { class: "muted small", text: t("elder.alerts.partial", { shown: answer.body.items.length, total: answer.body.total }) }));
  }
  return box;
}

async function load(id) {
  const content = section.querySelector(".page-body");
  const answer = await api(`/api/elders/${id}`, { purpose: "care" });
  if (shownId !== id) { return; }
  if (!answer.ok || !answer.body) {
    replace(content, el("p", { class: "error", role: "alert", text: t(answer.status === 404 ? "page.notfound" : "page.failed") }));
    return;
  }
  const elder = answer.body;
  const history = await alertHistory(elder);
  if (shownId !== id) { return; }
  setTitle(t("page.elder") + " · " + elder.name);
  replace(content,
    el("p", { class: "lead" }, el("span", { class: "badge status-elder-" + elder.status, text: label("elderStatus", elder.status) }),
      " ", elder.site ? elder.site.name : ""),
    el("div", { class: "cards" }, profile(elder), assessment(elder)),
    contacts(elder),
    history,
    // The bureau supervises aggregates; an elder's vital signs are for those who care for them.
    session.me.role === "BUREAU" ? null : readingsCard(elder.id));
}

subscribe((change) => {
  if (shownId !== null && change.alert && change.alert.elder && change.alert.elder.id === shownId) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => { if (shownId !== null) { load(shownId); } }, 1000);
  }
});

export const elderPage = {
  id: "elder",
  title: "page.elder",
  roles: ["STAFF", "SUPERVISOR", "FAMILY", "BUREAU", "ADMIN"],
  section,
  show(params) {
    shownId = Number(params[0]);
    replace(section.querySelector(".page-body"), el("p", { class: "muted", text: t("page.loading") }));
    load(shownId);
  },
  hide() {
    shownId = null;
    clearTimeout(refreshTimer);
  }
};
