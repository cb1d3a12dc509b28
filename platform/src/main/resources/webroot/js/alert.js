// One alert's history: what it is now, and in time order the device events behind it and every
// status change, by whom (family members see the role only). Staff may move it on from here.
import { actionBar } from "./actions.js";
import { readingsChart } from "./chart.js";
import { api } from "./api.js";
import { el, facts, replace } from "./dom.js";
import { subscribe } from "./live.js";
import { STAFF_ROLES, hasRole, setTitle } from "./session.js";
import { label, t, time } from "./text.js";

const section = document.getElementById("alert");
let shownId = null;
let refreshTimer = null;

function notice(text, kind) {
  const box = section.querySelector(".page-notice");
  box.textContent = text;
  box.className = "page-notice " + (kind === "conflict" ? "notice" : "info");
  box.setAttribute("role", kind === "conflict" ? "alert" : "status");
  box.hidden = false;
}

function who(by) {
  if (!by) { return t("entry.system"); }
  return by.displayName ? by.displayName + "（" + label("role", by.role) + "）" : label("role", by.role);
}

function summaryValues(summary) {
  if (!summary || typeof summary !== "object") { return ""; }
  const shown = (k, v) => (typeof v === "boolean" ? t(v ? "yes" : "no") : k === "zone" ? label("zone", v) : String(v));
  return Object.entries(summary).map(([k, v]) => label("field", k) + " = " + shown(k, v)).join("，");
}

function entry(e) {
  const lines = [];
  let head;
  if (e.type === "EVENT") {
    head = label("entry", e.type) + "：" + label("kind", e.kind) + (e.cause ? t("entry.cause") : "");
    lines.push(t("entry.device", { device: e.deviceId }) + (t("timeFlag." + e.timeFlag) || ""));
    if (e.receivedAt) { lines.push(t("entry.received", { time: time(e.receivedAt) })); }
    const values = summaryValues(e.summary);
    if (values) { lines.push(t("entry.values", { values })); }
  } else if (e.type === "TRANSITION") {
    head = e.from === null || e.from === undefined ? t("entry.raise")
      : t("entry.move", { from: label("status", e.from), to: label("status", e.to) });
    if (e.from) { lines.push(t("entry.by", { by: who(e.by) })); }
    if (e.disposition) { lines.push(label("disposition", e.disposition)); }
    if (e.assignee) { lines.push(t("entry.assignee", { name: e.assignee.displayName })); }
    if (e.note) { lines.push(t("entry.note", { note: e.note })); }
  } else {
    head = label("entry", e.type);
    const values = summaryValues(e.summary);
    if (values) { lines.push(values); }
  }
  return el("li", { class: "entry entry-" + e.type },
    el("time", { datetime: e.at, text: time(e.at) }),
    el("div", { class: "entry-body" }, el("strong", { text: head }), lines.map((l) => el("p", { text: l }))));
}

async function load(id) {
  const body = section.querySelector(".page-body");
  const [detail, timeline] = await Promise.all([api(`/api/alerts/${id}`), api(`/api/alerts/${id}/timeline`)]);
  if (shownId !== id) { return; }
  if (!detail.ok || !detail.body) {
    replace(body, el("p", { class: "error", role: "alert", text: t(detail.status === 404 ? "page.notfound" : "page.failed") }));
    return;
  }
  const a = detail.body;
  setTitle(t("page.alert") + " · " + a.elder.name);
  const entries = timeline.ok && timeline.body ? timeline.body.entries || [] : null;
  replace(body,
    el("section", { class: "card", "aria-labelledby": "alert-facts-h" },
      el("h2", { id: "alert-facts-h", text: t("alert.facts") }),
      facts([
        [t("alert.elder"), el("a", { href: "#/elders/" + Number(a.elder.id), text: a.elder.name })],
        [t("alert.rule"), label("rule", a.rule)],
        [t("alert.severity"), el("span", { class: "sev " + a.severity, text: a.severity + " " + label("severity", a.severity) })],
        [t("alert.status"), el("span", { id: "alert-status", text: label("status", a.status) })],
        [t("alert.raisedAt"), time(a.raisedAt)],
        [t("alert.acknowledgedAt"), a.acknowledgedAt ? time(a.acknowledgedAt) : null],
        [t("alert.closedAt"), a.closedAt ? time(a.closedAt) : null],
        [t("alert.disposition"), a.disposition ? label("disposition", a.disposition) : null],
        [t("alert.assignee"), a.assignee ? a.assignee.displayName : null],
        [t("alert.closingNote"), a.closingNote],
        [t("alert.device"), (a.deviceId ?? "—") + (a.zone ? " · " + label("zone", a.zone) : "")],
        [t("alert.events"), String(a.eventCount)]
      ]),
      hasRole(STAFF_ROLES) ? actionBar(a, { notice, moved: () => load(id) }) : null),
    entries ? readingsChart(entries) : null,
    el("section", { class: "card", "aria-labelledby": "alert-timeline-h" },
      el("h2", { id: "alert-timeline-h", text: t("alert.timeline") }),
      entries === null ? el("p", { class: "error", text: t("page.failed") })
        : entries.length === 0 ? el("p", { class: "muted", text: t("alert.timeline.none") })
          : el("ol", { class: "timeline", id: "timeline" }, entries.map(entry))));
}

subscribe((change) => {
  if (shownId !== null && change.alert && change.alert.id === shownId) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => { if (shownId !== null) { load(shownId); } }, 500);
  }
});

export const alertPage = {
  id: "alert",
  title: "page.alert",
  roles: ["STAFF", "SUPERVISOR", "FAMILY", "BUREAU", "ADMIN"],
  section,
  show(params) {
    shownId = Number(params[0]);
    section.querySelector(".page-notice").hidden = true;
    replace(section.querySelector(".page-body"), el("p", { class: "muted", text: t("page.loading") }));
    load(shownId);
  },
  hide() {
    shownId = null;
    clearTimeout(refreshTimer);
  }
};
