// The staff alert board: the open alerts of the account's scope, most urgent first, kept live from
// the stream, with the moves each alert may make next on its row.
import { actionBar } from "./actions.js";
import { announce, beep } from "./alarm.js";
import { el } from "./dom.js";
import { dismissProvisional, openAlerts, subscribe } from "./live.js";
import { STAFF_ROLES, hasRole } from "./session.js";
import { label, t, time } from "./text.js";

const section = document.getElementById("board");
const tbody = document.querySelector("#alerts tbody");
const rows = new Map(); // alert id -> {tr, alert}
let visible = false;
let infoTimer = null;

function cell(content, className, tdClass) {
  const td = el("td", { class: tdClass });
  if (className) {
    td.append(el("span", { class: className, text: content }));
  } else {
    td.append(content);
  }
  return td;
}

/** Shows a message on the board: a conflict stays until dismissed, an info line fades. */
export function notice(text, kind) {
  if (kind === "conflict") {
    const box = document.getElementById("board-notice");
    box.replaceChildren(el("span", { class: "notice-text", text }),
      el("button", { type: "button", class: "dismiss", text: t("board.dismiss"), onclick: () => { box.hidden = true; } }));
    box.hidden = false;
  } else {
    const line = document.getElementById("board-status");
    line.textContent = text;
    clearTimeout(infoTimer);
    infoTimer = setTimeout(() => { line.textContent = ""; }, 6000);
  }
}

const context = { notice };

function row(alert) {
  if (alert.provisional) { return provisionalRow(alert); }
  const tr = el("tr", { class: alert.severity + (alert.fresh ? " new" : ""), dataset: { alertId: alert.id, status: alert.status } });
  const place = (alert.deviceId ?? "—") + (alert.zone ? " · " + label("zone", alert.zone) : "");
  tr.append(
    severityCell(alert),
    cell(label("rule", alert.rule)),
    cell(el("a", { href: "#/elders/" + Number(alert.elder.id), text: alert.elder.name })),
    cell(alert.site || "—", null, "wrap"),
    cell(place, null, "wrap"),
    cell(el("time", { datetime: alert.eventTime, text: time(alert.eventTime) })),
    cell(String(alert.eventCount)),
    cell(label("status", alert.status), "status status-" + alert.status),
    el("td", { class: "actions-cell" }, actionBar(alert, context),
      el("a", { class: "timeline-link", href: "#/alerts/" + Number(alert.id), text: t("act.timeline") })));
  return tr;
}

/**
 * A fall or SOS press the safety lane brought before it was stored: marked as not yet stored, with
 * no moves (there is no stored alert to move yet); the stored alert replaces the row when it comes.
 */
function provisionalRow(alert) {
  const tr = el("tr", { class: alert.severity + " new provisional", dataset: { alertId: alert.id, status: "PROVISIONAL", msgId: alert.msgId } });
  const place = (alert.deviceId ?? "—") + (alert.zone ? " · " + label("zone", alert.zone) : "");
  tr.append(
    cell(alert.severity, "sev " + alert.severity),
    cell(label("rule", alert.rule)),
    cell(el("a", { href: "#/elders/" + Number(alert.elder.id), text: alert.elder.name })),
    cell(alert.site || "—", null, "wrap"),
    cell(place, null, "wrap"),
    cell(el("time", { datetime: alert.eventTime, text: time(alert.eventTime) })),
    cell("1"),
    cell(t("board.provisional"), "status status-PROVISIONAL"),
    el("td", { class: "actions-cell" },
      el("span", { class: "muted", text: t("board.provisionalHint") }), " ",
      el("button", { type: "button", class: "dismiss", text: t("board.dismiss"), onclick: () => dismissProvisional(alert.id) })));
  return tr;
}

/** The severity, and the escalation level once it rose (1 supervisors told, 2 bureau told). */
function severityCell(alert) {
  const td = cell(alert.severity, "sev " + alert.severity);
  if (alert.escalationLevel > 0) {
    td.append(" ", el("span", { class: "escalated level-" + Number(alert.escalationLevel),
      dataset: { escalationLevel: alert.escalationLevel }, text: t("board.escalated." + Number(alert.escalationLevel)) }));
  }
  return td;
}

/** Brings the table in line with the open alerts, rebuilding only rows whose alert changed. */
function render() {
  const list = openAlerts();
  const keep = new Set(list.map((a) => a.id));
  rows.forEach((r, id) => { if (!keep.has(id)) { r.tr.remove(); rows.delete(id); } });
  list.forEach((alert, index) => {
    let r = rows.get(alert.id);
    if (!r || r.alert !== alert) {
      const tr = row(alert);
      const focused = r && r.tr.contains(document.activeElement) ? document.activeElement : null;
      if (r) { r.tr.replaceWith(tr); }
      r = { tr, alert };
      rows.set(alert.id, r);
      if (focused) { refocus(tr, focused); }
    }
    const at = tbody.children[index];
    if (at !== r.tr) { tbody.insertBefore(r.tr, at || null); }
  });
  document.getElementById("empty").hidden = list.length > 0;
  const p1 = list.filter((a) => a.severity === "P1").length;
  document.getElementById("summary").textContent = t("board.summary", { total: list.length, p1 });
}

function refocus(tr, was) {
  const same = was.dataset && was.dataset.move ? tr.querySelector(`button[data-move="${was.dataset.move}"]`) : null;
  const target = same || tr.querySelector("button") || tr.querySelector("a");
  if (target) { target.focus(); }
}

/** Drops every row, so that the next render builds them in the current language. */
function rebuild() {
  rows.forEach((r) => r.tr.remove());
  rows.clear();
  render();
}

subscribe((change) => {
  if (change.fresh && change.alert.severity === "P1" && hasRole(STAFF_ROLES)) {
    beep();
    announce(t("board.newP1", { elder: change.alert.elder.name, rule: label("rule", change.alert.rule) }));
    if (!visible) { document.querySelector('#nav a[data-page="board"]')?.classList.add("alarm"); }
  }
  if (visible) { render(); }
});

export const boardPage = {
  id: "board",
  title: "board.title",
  roles: STAFF_ROLES,
  section,
  show() {
    visible = true;
    document.querySelector('#nav a[data-page="board"]')?.classList.remove("alarm");
    rebuild();
  },
  hide() {
    visible = false;
  },
  clear() {
    document.getElementById("board-notice").hidden = true;
    rebuild();
  }
};
