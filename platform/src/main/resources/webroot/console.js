// The staff alert board: signs in (session cookie), loads the open alerts the account may see, then
// keeps them current from the server's event stream.
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var lang = params.get("lang") || localStorage.getItem("anxin.lang") || "zh-CN";
  if (!window.ANXIN_TEXT[lang]) { lang = "zh-CN"; }
  var alerts = new Map();
  var tbody = document.querySelector("#alerts tbody");

  function t(key, values) {
    var text = window.ANXIN_TEXT[lang][key];
    if (text === undefined) { return null; }
    return text.replace(/\{(\w+)\}/g, function (_, name) { return values && values[name] !== undefined ? values[name] : ""; });
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (el) {
      var text = t(el.getAttribute("data-i18n"));
      if (text !== null) { el.textContent = text; }
    });
    document.title = (lang === "en" ? "Anxin · " : "安心 · ") + t("board.title");
    showWho();
    render();
  }

  var me = null;
  var source = null;

  function showWho() {
    var who = document.getElementById("who");
    who.hidden = !me;
    document.getElementById("signout").hidden = !me;
    if (me) { who.textContent = me.displayName + " · " + (t("role." + me.role) || me.role); }
  }

  function showSignIn(message) {
    me = null;
    if (source) { source.close(); source = null; }
    document.getElementById("board").hidden = true;
    document.getElementById("signin").hidden = false;
    var error = document.getElementById("signin-error");
    error.hidden = !message;
    error.textContent = message ? t(message) : "";
    setLive(false);
    showWho();
  }

  function start(account) {
    me = account;
    document.getElementById("signin").hidden = true;
    document.getElementById("board").hidden = false;
    showWho();
    listen();
  }

  var timeFormat = function (iso) {
    return new Date(iso).toLocaleString(lang === "en" ? "en-GB" : "zh-CN", { hour12: false });
  };

  function cell(text, className) {
    var td = document.createElement("td");
    if (className) {
      var span = document.createElement("span");
      span.className = className;
      span.textContent = text;
      td.appendChild(span);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function row(alert) {
    var tr = document.createElement("tr");
    tr.dataset.alertId = alert.id;
    tr.className = alert.severity + (alert.fresh ? " new" : "");
    var place = alert.deviceId + (alert.zone ? " · " + (t("zone." + alert.zone) || alert.zone) : "");
    tr.appendChild(cell(alert.severity, "sev " + alert.severity));
    tr.appendChild(cell(t("rule." + alert.rule) || alert.rule));
    tr.appendChild(cell(alert.elder.name));
    tr.appendChild(cell(alert.site || "—"));
    tr.appendChild(cell(place));
    tr.appendChild(cell(timeFormat(alert.eventTime)));
    tr.appendChild(cell(String(alert.eventCount)));
    tr.appendChild(cell(t("status." + alert.status) || alert.status));
    return tr;
  }

  function sorted() {
    return Array.from(alerts.values())
      .filter(function (a) { return a.status !== "RESOLVED" && a.status !== "FALSE_ALARM"; })
      .sort(function (a, b) {
        if (a.severity !== b.severity) { return a.severity < b.severity ? -1 : 1; }
        return a.raisedAt < b.raisedAt ? 1 : -1;
      });
  }

  function render() {
    var list = sorted();
    tbody.replaceChildren.apply(tbody, list.map(row));
    document.getElementById("empty").hidden = list.length > 0;
    var p1 = list.filter(function (a) { return a.severity === "P1"; }).length;
    document.getElementById("summary").textContent = t("board.summary", { total: list.length, p1: p1 });
  }

  function beep() {
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no sound device: the flashing row still shows it */ }
  }

  function setLive(on) {
    var el = document.getElementById("live");
    el.className = on ? "live" : "live off";
    el.setAttribute("data-i18n", on ? "live.on" : "live.connecting");
    el.textContent = t(on ? "live.on" : "live.connecting");
  }

  // Alerts streamed while the list is on its way: the list may have been read before they happened.
  var streamedWhileLoading = null;

  function load() {
    var streamed = new Map();
    streamedWhileLoading = streamed;
    return fetch("/api/alerts", { headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (r.status === 401) { showSignIn(null); throw new Error(r.status); }
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      })
      .then(function (list) {
        if (streamedWhileLoading === streamed) { streamedWhileLoading = null; }
        var before = alerts;
        alerts = new Map();
        list.forEach(function (a) {
          a.fresh = Boolean(before.has(a.id) && before.get(a.id).fresh);
          alerts.set(a.id, a);
        });
        // The stream's word is as new as the list's, or a later event will put it right.
        streamed.forEach(function (a, id) { alerts.set(id, a); });
        render();
      });
  }

  function listen() {
    source = new EventSource("/api/alerts/stream");
    source.onopen = function () { setLive(true); load().catch(function () { setLive(false); }); };
    source.onerror = function () { setLive(false); };
    source.addEventListener("alert", function (event) {
      var alert = JSON.parse(event.data);
      var known = alerts.has(alert.id);
      alert.fresh = !known;
      alerts.set(alert.id, alert);
      if (streamedWhileLoading) { streamedWhileLoading.set(alert.id, alert); }
      render();
      if (!known && alert.severity === "P1") { beep(); }
    });
  }

  document.getElementById("lang").addEventListener("click", function () {
    lang = lang === "en" ? "zh-CN" : "en";
    localStorage.setItem("anxin.lang", lang);
    applyLanguage();
  });

  document.getElementById("signin").addEventListener("submit", function (event) {
    event.preventDefault();
    fetch("/api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({
        username: document.getElementById("username").value,
        password: document.getElementById("password").value
      })
    }).then(function (r) {
      document.getElementById("password").value = "";
      if (r.status === 201) { return r.json().then(function (body) { start(body.account); }); }
      showSignIn(r.status === 429 ? "signin.throttled" : r.status === 401 ? "signin.failed" : "signin.unavailable");
    }).catch(function () { showSignIn("signin.unavailable"); });
  });

  document.getElementById("signout").addEventListener("click", function () {
    fetch("/api/session", { method: "DELETE" }).finally(function () { alerts = new Map(); render(); showSignIn(null); });
  });

  applyLanguage();
  fetch("/api/me", { headers: { "Accept": "application/json" } })
    .then(function (r) { return r.ok ? r.json().then(start) : showSignIn(null); })
    .catch(function () { showSignIn("signin.unavailable"); });
})();
