// The bureau's overview: the supervision figures of /api/indicators (the same views the Grafana
// dashboards read), each with its definition, what it was computed from and the plan's target,
// for a month; and the open alerts, live.
import { api, query } from "./api.js";
import { el, facts, replace } from "./dom.js";
import { subscribe } from "./live.js";
import { duration, label, number, t } from "./text.js";

const section = document.getElementById("overview");
const PURPOSE = "supervision-overview";
const SEVERITIES = ["P1", "P2", "P3", "P4"];
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

function figureValue(f) {
  if (f.value === null || f.value === undefined) { return t("overview.none"); }
  switch (f.unit) {
    case "SHARE": return t("percent", { n: number(100 * f.value, 1) });
    case "PER_100": case "PER_1000": return number(f.value, 2);
    case "SECONDS": return duration(f.value);
    default: return number(f.value);
  }
}

function figureCard(f) {
  const basis = f.denominator === null || f.denominator === undefined ? null
    : t("overview.figure.basis", { numerator: number(f.numerator || 0), denominator: number(f.denominator) });
  const target = f.target === null || f.target === undefined ? null
    : t("overview.figure.target", { target: t("percent", { n: number(100 * f.target, 0) }) });
  const met = f.target === null || f.target === undefined || f.value === null ? null : f.value >= f.target;
  return el("section", { class: "card indicator figure", dataset: { code: f.code, met: met === null ? "none" : String(met) },
    "aria-labelledby": "fig-" + f.code },
  el("h2", { id: "fig-" + f.code, text: f.name }),
  el("p", { class: "big", text: figureValue(f) }),
  basis ? el("p", { class: "basis", text: basis }) : null,
  target ? el("p", { class: met === false ? "target missed" : "target", text: target }) : null,
  el("p", { class: "muted", text: f.definition }),
  el("p", { class: "source", text: t("overview.source", { source: f.view }) }));
}

async function figures(month) {
  const answer = await api("/api/indicators" + query({ month }), { purpose: PURPOSE });
  if (!answer.ok || !answer.body) { return [failed("ov-figures", t("overview.figures"))]; }
  return answer.body.figures.map(figureCard);
}

function currentMonth() {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).formatToParts(new Date());
  return p.find((x) => x.type === "year").value + "-" + p.find((x) => x.type === "month").value;
}

let month = null;

function monthPicker() {
  return el("label", { class: "month-picker" }, t("overview.month") + " ",
    el("input", { type: "month", id: "ov-month", value: month, max: currentMonth(),
      onchange: (e) => { if (e.target.value) { month = e.target.value; load(); } } }));
}

async function load() {
  month = month || currentMonth();
  const [open, cards] = await Promise.all([openAlerts(), figures(month)]);
  if (!visible) { return; }
  replace(section.querySelector(".page-body"),
    el("p", { class: "muted", text: t("overview.intro") }), monthPicker(),
    el("div", { class: "cards indicators", id: "ov-figures" }, open, cards));
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
