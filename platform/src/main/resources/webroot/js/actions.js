// Moving an alert on from wherever it is shown: one button per move the alert may make next.
// Acknowledge, call back and on site take one click; dispatch takes one click for staff (they go
// themselves) and a choice of responder for supervisors and administrators; resolving and false
// alarms ask for the disposition. Every move names the status the user saw (expectedStatus), so a
// move made by someone else first comes back as 409 with the server's words, shown as they are.
import { api } from "./api.js";
import { el } from "./dom.js";
import { drop, isClosed, put, rank } from "./live.js";
import { session, worksFor } from "./session.js";
import { distance, label, t } from "./text.js";

const STEPS = ["ACKNOWLEDGED", "CALLING", "DISPATCHED", "ON_SITE"];
const RESOLVE_CODES = ["REAL_EVENT", "DUPLICATE", "OTHER"];
const FALSE_ALARM_CODES = ["FALSE_ALARM_DEVICE", "FALSE_ALARM_BEHAVIOUR", "DEVICE_FAULT", "ELDER_AWAY", "TEST", "OTHER"];

/** The moves an alert may make now: the server's list when the alert came with one. */
export function nextMoves(alert) {
  if (isClosed(alert.status)) { return []; }
  if (Array.isArray(alert.nextStatuses)) {
    return STEPS.concat(["RESOLVED", "FALSE_ALARM"]).filter((s) => alert.nextStatuses.includes(s));
  }
  return STEPS.filter((s) => rank(s) > rank(alert.status)).concat(["RESOLVED", "FALSE_ALARM"]);
}

/**
 * The buttons for one alert. `context.notice(text, kind)` shows a message where the alert is
 * shown; `context.moved(alert)` follows a successful move.
 */
export function actionBar(alert, context) {
  const elder = alert.elder ? alert.elder.name : "";
  const bar = el("div", { class: "actions", role: "group", "aria-label": t("col.actions") });
  nextMoves(alert).forEach((to) => {
    const button = el("button", {
      type: "button",
      class: "act act-" + to,
      dataset: { move: to },
      "aria-label": t("act.aria", { action: t("act." + to), elder, rule: label("rule", alert.rule) }),
      text: t("act." + to)
    });
    button.addEventListener("click", () => start(alert, to, context, bar));
    bar.append(button);
  });
  return bar;
}

function busy(bar, on) {
  bar.querySelectorAll("button").forEach((b) => { b.disabled = on; });
}

function start(alert, to, context, bar) {
  if (to === "RESOLVED" || to === "FALSE_ALARM") {
    closingDialog(alert, to, context);
  } else if (to === "DISPATCHED" && session.me.role !== "STAFF") {
    dispatchDialog(alert, context);
  } else {
    busy(bar, true);
    move(alert, to, {}, context).finally(() => { if (bar.isConnected) { busy(bar, false); } });
  }
}

/** Sends one move; resolves to {ok} or {ok: false, errors} for field errors to show in a dialog. */
async function move(alert, to, extra, context) {
  const answer = await api(`/api/alerts/${alert.id}/transitions`, {
    method: "POST",
    body: Object.assign({ to, expectedStatus: alert.status }, extra)
  });
  if (answer.ok && answer.body && answer.body.alert) {
    put(answer.body.alert, false);
    context.notice(t("board.moved", { elder: alert.elder.name, status: label("status", answer.body.alert.status) }), "info");
    if (context.moved) { context.moved(answer.body.alert); }
    return { ok: true };
  }
  if (answer.status === 400 && answer.body && Array.isArray(answer.body.errors)) {
    return { ok: false, errors: answer.body.errors.map((e) => e.message) };
  }
  if (answer.status === 409) {
    context.notice(answer.body && answer.body.detail ? answer.body.detail : t("act.failed", { status: 409 }), "conflict");
    await refresh(alert.id, context);
  } else if (answer.status === 404) {
    context.notice(t("act.gone"), "conflict");
    drop(alert.id);
  } else if (answer.status === 403) {
    context.notice(t("act.forbidden"), "conflict");
  } else if (answer.status === 0) {
    context.notice(t("act.offline"), "conflict");
  } else if (answer.status !== 401) {
    context.notice(answer.body && answer.body.detail ? answer.body.detail : t("act.failed", { status: answer.status }), "conflict");
  }
  return { ok: false };
}

/** Reads the alert again after someone else moved it, so its row shows where it is now. */
async function refresh(alertId, context) {
  const answer = await api(`/api/alerts/${alertId}`);
  if (answer.ok && answer.body) {
    put(answer.body, false);
    if (context.moved) { context.moved(answer.body); }
  } else if (answer.status === 404) {
    drop(alertId);
  }
}

let dialogs = 0;

/** A modal form; submit(form) resolves to true (close), or a list of messages to show. */
function dialog(title, body, submit) {
  dialogs += 1;
  const titleId = "dialog-title-" + dialogs;
  const error = el("div", { class: "error", role: "alert", hidden: true });
  const ok = el("button", { type: "submit", class: "primary", text: t("dialog.submit") });
  const cancel = el("button", { type: "button", text: t("dialog.cancel") });
  const form = el("form", { method: "dialog" },
    el("h2", { id: titleId, text: title }), body, error, el("div", { class: "dialog-buttons" }, cancel, ok));
  const box = el("dialog", { class: "move-dialog", "aria-labelledby": titleId }, form);
  cancel.addEventListener("click", () => box.close());
  box.addEventListener("close", () => box.remove());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    ok.disabled = true;
    error.hidden = true;
    const result = await submit(form);
    ok.disabled = false;
    if (result === true) {
      box.close();
    } else if (Array.isArray(result) && result.length > 0) {
      error.replaceChildren(...result.map((m) => el("p", { text: m })));
      error.hidden = false;
    }
  });
  document.body.append(box);
  box.showModal();
  return { box, ok };
}

function choice(name, value, text, checked, required) {
  return el("label", { class: "choice" },
    el("input", { type: "radio", name, value, checked, required }), " ", el("span", { text }));
}

function closingDialog(alert, to, context) {
  const codes = to === "RESOLVED" ? RESOLVE_CODES : FALSE_ALARM_CODES;
  const note = el("textarea", { name: "note", rows: 3, maxlength: 1000 });
  const noteLabel = el("span", { text: t("dialog.note") });
  const options = el("fieldset", { class: "choices" },
    el("legend", { text: t(to === "RESOLVED" ? "dialog.disposition" : "dialog.reason") }),
    codes.map((code, i) => choice("disposition", code, label("disposition", code), false, i === 0)));
  options.addEventListener("change", () => {
    const other = options.querySelector("input:checked")?.value === "OTHER";
    note.required = other;
    noteLabel.textContent = t(other ? "dialog.note.required" : "dialog.note");
  });
  const title = t(to === "RESOLVED" ? "dialog.resolve.title" : "dialog.false.title", { elder: alert.elder.name });
  dialog(title, [options, el("label", { class: "note" }, noteLabel, note)], async (form) => {
    const chosen = form.querySelector("input[name=disposition]:checked");
    if (!chosen) { return [t("dialog.choose")]; }
    const text = note.value.trim();
    if (chosen.value === "OTHER" && !text) { return [t("dialog.note.missing")]; }
    const extra = { disposition: chosen.value };
    if (text) { extra.note = text; }
    const result = await move(alert, to, extra, context);
    return result.ok || !result.errors ? true : [t("dialog.invalid")].concat(result.errors);
  });
}

function dispatchDialog(alert, context) {
  const me = session.me;
  const self = worksFor(alert.elder.siteId);
  const list = el("fieldset", { class: "choices" }, el("legend", { text: t("dialog.assignee") }));
  if (self) { list.append(choice("assignee", "self", t("dialog.self", { name: me.displayName }), true, true)); }
  const status = el("p", { class: "muted", role: "status", text: t("dialog.responders.loading") });
  const site = el("p", { class: "muted" });
  const { ok } = dialog(t("dialog.dispatch.title", { elder: alert.elder.name }), [list, status, site], async (form) => {
    const chosen = form.querySelector("input[name=assignee]:checked");
    if (!chosen) { return [t("dialog.choose")]; }
    const extra = chosen.value === "self" ? {} : { assigneeId: Number(chosen.value) };
    const result = await move(alert, "DISPATCHED", extra, context);
    return result.ok || !result.errors ? true : [t("dialog.invalid")].concat(result.errors);
  });
  ok.disabled = !self;
  api(`/api/alerts/${alert.id}/responders?limit=5`, { purpose: "dispatch" }).then((answer) => {
    if (!answer.ok || !answer.body) {
      status.textContent = t(answer.status === 409 ? "dialog.responders.unplaced" : "dialog.responders.failed");
      return;
    }
    const others = (answer.body.responders || []).filter((r) => r.accountId !== me.id);
    others.forEach((r, i) => {
      const text = t("dialog.responder", {
        name: r.displayName, role: label("role", r.role), distance: distance(r.distanceMeters),
        minutes: Math.max(1, Math.round(r.estimatedTravelSeconds / 60))
      }) + (r.stale ? t("dialog.responder.stale") : "");
      list.append(choice("assignee", String(r.accountId), text, !self && i === 0, !self && i === 0));
    });
    status.textContent = others.length ? "" : t("dialog.responders.none");
    status.hidden = others.length > 0;
    const s = answer.body.site;
    if (s) { site.textContent = t("dialog.site", { name: s.name, phone: s.phone ? " · " + s.phone : "" }); }
    ok.disabled = !self && others.length === 0;
  });
}
