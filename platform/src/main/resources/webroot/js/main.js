// The console's start: who is signed in, which pages their role may use, the hash routes between
// those pages (#/board, #/elders/12, #/alerts/7, #/map, #/family, #/overview), and the language.
import { alertPage } from "./alert.js";
import { api, whenSignedOut } from "./api.js";
import { boardPage } from "./board.js";
import { el } from "./dom.js";
import { elderPage } from "./elder.js";
import { familyPage } from "./family.js";
import { connect, disconnect, onLive, whenStreamClosed } from "./live.js";
import { mapPage } from "./map.js";
import { overviewPage } from "./overview.js";
import { session, setTitle } from "./session.js";
import { adoptAccountLanguage, currentLang, t, toggleLang } from "./text.js";

const PAGES = [boardPage, mapPage, familyPage, overviewPage, elderPage, alertPage];
const ROUTES = [
  [/^#\/board$/, boardPage], [/^#\/map$/, mapPage], [/^#\/family$/, familyPage], [/^#\/overview$/, overviewPage],
  [/^#\/elders\/(\d{1,18})$/, elderPage], [/^#\/alerts\/(\d{1,18})$/, alertPage]
];
/** The pages named in the menu, in its order. */
const MENU = [[boardPage, "nav.board"], [mapPage, "nav.map"], [familyPage, "nav.family"], [overviewPage, "nav.overview"]];

let current = null; // {page, params}

function landing(role) {
  return role === "FAMILY" ? "#/family" : role === "BUREAU" ? "#/overview" : "#/board";
}

function allowed(page) {
  return Boolean(session.me) && page.roles.includes(session.me.role);
}

function buildMenu() {
  const list = document.querySelector("#nav ul");
  list.replaceChildren(...MENU.filter(([page]) => allowed(page)).map(([page, key]) =>
    el("li", {}, el("a", { href: "#/" + page.id, dataset: { page: page.id, i18n: key }, text: t(key) }))));
  document.getElementById("nav").hidden = !session.me;
}

function markMenu() {
  document.querySelectorAll("#nav a").forEach((a) => {
    const here = current && a.dataset.page === current.page.id;
    if (here) { a.setAttribute("aria-current", "page"); } else { a.removeAttribute("aria-current"); }
  });
}

/** Shows the page the hash names, or the role's own page when it names none the role may use. */
function route(moveFocus) {
  if (!session.me) { return; }
  let match = null;
  for (const [pattern, page] of ROUTES) {
    const m = pattern.exec(location.hash);
    if (m && allowed(page)) { match = { page, params: m.slice(1) }; break; }
  }
  if (!match) {
    history.replaceState(null, "", location.pathname + location.search + landing(session.me.role));
    return route(moveFocus);
  }
  if (current && current.page !== match.page) {
    current.page.hide();
    current.page.section.hidden = true;
  }
  current = match;
  match.page.section.hidden = false;
  setTitle(t(match.page.title));
  markMenu();
  match.page.show(match.params);
  if (moveFocus) { document.getElementById("page-title").focus({ preventScroll: false }); }
}

function applyLanguage() {
  document.documentElement.lang = currentLang();
  document.querySelectorAll("[data-i18n]").forEach((node) => {
    const text = t(node.getAttribute("data-i18n"));
    if (text !== null) { node.textContent = text; }
  });
  document.getElementById("nav").setAttribute("aria-label", t("nav.label"));
  showWho();
  if (current) {
    setTitle(t(current.page.title));
    current.page.show(current.params);
  } else {
    setTitle(t("board.title"));
  }
}

function showWho() {
  const who = document.getElementById("who");
  who.hidden = !session.me;
  document.getElementById("signout").hidden = !session.me;
  if (session.me) { who.textContent = session.me.displayName + " · " + (t("role." + session.me.role) || session.me.role); }
}

function setLive(on) {
  const node = document.getElementById("live");
  node.className = on ? "live" : "live off";
  node.setAttribute("data-i18n", on ? "live.on" : "live.connecting");
  node.textContent = t(on ? "live.on" : "live.connecting");
  node.hidden = !session.me;
}

function hidePages() {
  if (current) { current.page.hide(); }
  current = null;
  PAGES.forEach((p) => { p.section.hidden = true; if (p.clear) { p.clear(); } });
}

function showSignIn(message) {
  session.me = null;
  disconnect();
  hidePages();
  buildMenu();
  document.getElementById("signin").hidden = false;
  const error = document.getElementById("signin-error");
  error.hidden = !message;
  error.textContent = message ? t(message) : "";
  setTitle(t("signin.title"));
  showWho();
}

function start(account) {
  session.me = account;
  adoptAccountLanguage(account.locale);
  document.documentElement.lang = currentLang();
  document.getElementById("signin").hidden = true;
  buildMenu();
  applyLanguage();
  setLive(false);
  connect();
  route(false);
}

onLive(setLive);
// A stream the browser gave up on: signed out (the 401 shows the form), or try again shortly.
whenStreamClosed(() => api("/api/me").then((answer) => answer.ok && Boolean(session.me)));
whenSignedOut(() => { if (session.me) { showSignIn(null); } });
window.addEventListener("hashchange", () => route(true));

document.getElementById("lang").addEventListener("click", () => {
  toggleLang();
  applyLanguage();
});

document.getElementById("signin").addEventListener("submit", async (event) => {
  event.preventDefault();
  const password = document.getElementById("password");
  const answer = await api("/api/session", {
    method: "POST",
    body: { username: document.getElementById("username").value, password: password.value }
  });
  password.value = "";
  if (answer.status === 201 && answer.body) {
    start(answer.body.account);
  } else {
    showSignIn(answer.status === 429 ? "signin.throttled" : answer.status === 401 ? "signin.failed" : "signin.unavailable");
  }
});

document.getElementById("signout").addEventListener("click", async () => {
  await api("/api/session", { method: "DELETE" });
  history.replaceState(null, "", location.pathname + location.search);
  showSignIn(null);
});

applyLanguage();
api("/api/me").then((answer) => {
  if (answer.ok && answer.body) {
    start(answer.body);
  } else {
    showSignIn(answer.status === 401 || answer.status === 403 ? null : "signin.unavailable");
  }
});
