// The family view: a family member's own elder(s) only, in plain words: how they are, what is being
// handled right now (live), and the recent alerts. The server limits every answer to the elders
// the account is linked to; nothing of anyone else is asked for.
import { api } from "./api.js";
import { el, replace } from "./dom.js";
import { isClosed, openAlerts, subscribe } from "./live.js";
import { session } from "./session.js";
import { label, t, time } from "./text.js";

const section = document.getElementById("family");
let visible = false;
let elders = [];
let history = [];
let historyTimer = null;

function item(a, key) {
  return el("li", { dataset: { alertId: a.id } },
    t(key, { time: time(a.raisedAt), rule: label("rule", a.rule), status: label("familyStatus", a.status) }), " ",
    el("a", { href: "#/alerts/" + Number(a.id), text: t("act.timeline") }));
}

function card(elder) {
  const open = openAlerts().filter((a) => a.elder && a.elder.id === elder.id);
  const recent = history.filter((a) => a.elder && a.elder.id === elder.id && isClosed(a.status)).slice(0, 10);
  const status = t("family.status." + elder.status) || label("elderStatus", elder.status);
  return el("article", { class: "card family-elder", dataset: { elderId: elder.id }, "aria-labelledby": "family-elder-" + elder.id },
    el("h2", { id: "family-elder-" + elder.id, text: elder.name }),
    el("p", { class: "lead", text: elder.status === "DECEASED" ? t("family.deceased", { name: elder.name }) : t("family.status", { name: elder.name, status }) }),
    open.length === 0 ? el("p", { class: "ok", text: t("family.open.none") }) : [
      el("p", { class: "notice-inline", text: t("family.open.some", { count: open.length }) }),
      el("ul", { class: "family-open" }, open.map((a) => item(a, "family.open.item")))
    ],
    el("h3", { text: t("family.recent") }),
    recent.length === 0 ? el("p", { class: "muted", text: t("family.recent.none") })
      : el("ul", { class: "family-recent" }, recent.map((a) => item(a, "family.recent.item"))),
    el("p", {}, el("a", { href: "#/elders/" + Number(elder.id), text: t("family.more") })));
}

function render() {
  const body = section.querySelector(".page-body");
  if (elders.length === 0) {
    replace(body, el("p", { class: "muted", text: t("family.none") }));
    return;
  }
  replace(body, el("div", { class: "cards" }, elders.map(card)));
}

async function loadHistory() {
  const answer = await api("/api/alerts/history?limit=50", { purpose: "family-view" });
  history = answer.ok && answer.body ? answer.body.items : [];
}

async function load() {
  const ids = session.me.elderIds || [];
  const answers = await Promise.all(ids.map((id) => api(`/api/elders/${id}`, { purpose: "family-view" })));
  await loadHistory();
  if (!visible) { return; }
  elders = answers.filter((a) => a.ok && a.body).map((a) => a.body);
  render();
}

subscribe((change) => {
  if (!visible) { return; }
  render();
  if (change.alert) {
    clearTimeout(historyTimer);
    historyTimer = setTimeout(() => loadHistory().then(() => { if (visible) { render(); } }), 1000);
  }
});

export const familyPage = {
  id: "family",
  title: "family.title",
  roles: ["FAMILY"],
  section,
  show() {
    visible = true;
    replace(section.querySelector(".page-body"), el("p", { class: "muted", text: t("page.loading") }));
    load();
  },
  hide() {
    visible = false;
    clearTimeout(historyTimer);
  }
};
