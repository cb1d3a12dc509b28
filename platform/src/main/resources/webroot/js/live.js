// The live side: one server-sent event stream per signed-in console, and the open alerts it keeps
// current. The list (GET /api/alerts) is read whenever the stream (re)opens; alerts streamed while
// a list is on its way are replayed over it, so a list read before they happened cannot hide them.
import { api } from "./api.js";

const ORDER = ["OPEN", "ACKNOWLEDGED", "CALLING", "DISPATCHED", "ON_SITE", "RESOLVED", "FALSE_ALARM"];
const CLOSED = new Set(["RESOLVED", "FALSE_ALARM"]);

/** Where a status is in the alert's life; both closing statuses count as the end. */
export function rank(status) {
  return CLOSED.has(status) ? ORDER.length : ORDER.indexOf(status);
}

export function isClosed(status) {
  return CLOSED.has(status);
}

const alerts = new Map();
// Falls and SOS presses from the safety lane, not yet stored: "deviceId/msgId" -> alert-like row.
const provisional = new Map();
const recent = []; // {seq, alert}: what arrived other than by a list, newest last
let seq = 0;
let appliedFrom = -1;
let loaded = false;
let source = null;
let retry = null;
let onClosed = () => {};
const listeners = new Set();
const liveListeners = new Set();

function notify(change) {
  listeners.forEach((fn) => fn(change));
}

/** fn(change) after every change: {alert, fresh} for one alert, {list: true} after a list. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** fn(on) whenever the stream opens or drops. */
export function onLive(fn) {
  liveListeners.add(fn);
}

/** Alerts only move forward: an older word about an alert never replaces a newer one. */
function newer(candidate, known) {
  return !known || rank(candidate.status) >= rank(known.status);
}

/**
 * Takes one alert as it now is (streamed, or answered to a move or a read). Returns whether it
 * was new to this console.
 */
export function put(alert, fromStream) {
  const known = alerts.get(alert.id);
  if (!newer(alert, known)) { return false; }
  const replaced = settle(alert);
  alert.fresh = fromStream ? (!known || replaced) : Boolean(known && known.fresh);
  seq += 1;
  recent.push({ seq, alert });
  if (recent.length > 1000) { recent.splice(0, recent.length - 1000); }
  alerts.set(alert.id, alert);
  // The provisional row already rang: its stored alert takes its place quietly.
  notify({ alert, fresh: fromStream && !known && !replaced });
  return !known;
}

/** Whether a stored alert covers a provisional one: same elder and rule, its last event no older. */
function covers(alert, p) {
  if (!alert.elder || alert.elder.id !== p.elder.id || alert.rule !== p.rule) { return false; }
  const last = Date.parse(alert.lastEventAt);
  const at = Date.parse(p.eventTime);
  return Number.isNaN(last) || Number.isNaN(at) || last >= at - 1;
}

/** Drops the provisional rows a stored alert stands for; returns whether there were any. */
function settle(alert) {
  let any = false;
  provisional.forEach((p, key) => {
    if (covers(alert, p)) { provisional.delete(key); any = true; }
  });
  return any;
}

/**
 * Takes a provisional alert from the safety lane (a fall or SOS press not yet stored), unless its
 * stored alert is already here. Returns whether it was new to this console.
 */
export function putProvisional(p) {
  const key = p.deviceId + "/" + p.msgId;
  if (provisional.has(key)) { return false; }
  for (const a of alerts.values()) {
    if (!isClosed(a.status) && covers(a, p)) { return false; }
  }
  const row = { ...p, id: "p:" + key, provisional: true, fresh: true };
  provisional.set(key, row);
  notify({ alert: row, fresh: true });
  return true;
}

/** Removes a provisional row from this console (someone saw it and it never got stored). */
export function dismissProvisional(id) {
  for (const [key, p] of provisional) {
    if (p.id === id) { provisional.delete(key); notify({ list: true }); return; }
  }
}

/** Forgets an alert this console may no longer see. */
export function drop(alertId) {
  if (alerts.delete(alertId)) { notify({ list: true }); }
}

/** Reads the open alerts; what arrived meanwhile is laid over the answer. */
export async function load() {
  const from = seq;
  const answer = await api("/api/alerts");
  if (!answer.ok || !Array.isArray(answer.body)) { return answer; }
  if (from < appliedFrom) { return answer; } // a list asked for later was already applied
  appliedFrom = from;
  const before = new Map(alerts);
  alerts.clear();
  answer.body.forEach((a) => {
    const known = before.get(a.id);
    if (known && !newer(a, known)) {
      alerts.set(a.id, known);
    } else {
      a.fresh = Boolean(known && known.fresh);
      alerts.set(a.id, a);
    }
  });
  recent.filter((r) => r.seq > from).forEach((r) => {
    if (newer(r.alert, alerts.get(r.alert.id))) { alerts.set(r.alert.id, r.alert); }
  });
  alerts.forEach((a) => settle(a));
  loaded = true;
  notify({ list: true });
  return answer;
}

/** The open alerts this console knows, most urgent first, then newest raised first. */
export function openAlerts() {
  return Array.from(alerts.values())
    .filter((a) => !isClosed(a.status))
    .concat(Array.from(provisional.values()))
    .sort((a, b) => {
      if (a.severity !== b.severity) { return a.severity < b.severity ? -1 : 1; }
      if (a.raisedAt !== b.raisedAt) { return a.raisedAt < b.raisedAt ? 1 : -1; }
      return (Number(b.id) || 0) - (Number(a.id) || 0);
    });
}

export function isLoaded() {
  return loaded;
}

function setLive(on) {
  liveListeners.forEach((fn) => fn(on));
}

/**
 * What to do when the browser gives up on the stream (it does after an answer that is not a
 * stream, e.g. 401 once the session has ended): fn() resolves to whether to try again.
 */
export function whenStreamClosed(fn) {
  onClosed = fn;
}

/** Opens the stream (and reads the list each time it opens). */
export function connect() {
  if (source) { return; }
  source = new EventSource("/api/alerts/stream");
  const opened = source;
  source.onopen = () => {
    setLive(true);
    load().then((a) => { if (!a.ok) { setLive(false); } });
  };
  source.onerror = () => {
    setLive(false);
    // Without a stream the list still shows what there is, though no longer live.
    if (!loaded) { load(); }
    if (opened.readyState === EventSource.CLOSED) {
      Promise.resolve(onClosed()).then((again) => {
        if (again && source === opened) {
          source = null;
          retry = setTimeout(connect, 5000);
        }
      });
    }
  };
  source.addEventListener("alert", (event) => {
    let alert;
    try { alert = JSON.parse(event.data); } catch (e) { return; }
    put(alert, true);
  });
  source.addEventListener("provisional", (event) => {
    let p;
    try { p = JSON.parse(event.data); } catch (e) { return; }
    putProvisional(p);
  });
}

/** Closes the stream and forgets every alert (sign-out). */
export function disconnect() {
  clearTimeout(retry);
  if (source) { source.close(); source = null; }
  alerts.clear();
  provisional.clear();
  recent.length = 0;
  loaded = false;
  appliedFrom = -1;
  setLive(false);
  notify({ list: true });
}
