// The console's language and its words: the dictionary of i18n.js, chosen by ?lang=, the language
// button (remembered in this browser) or the account's own setting; zh-CN by default.

const LANGS = ["zh-CN", "en"];
const params = new URLSearchParams(location.search);
let lang = pick(params.get("lang")) || pick(localStorage.getItem("anxin.lang")) || null;
let chosen = lang !== null;
if (lang === null) { lang = "zh-CN"; }

function pick(value) {
  return LANGS.includes(value) ? value : null;
}

export function currentLang() {
  return lang;
}

/** The account's language applies unless this page or this browser asked for one. */
export function adoptAccountLanguage(locale) {
  if (!chosen && pick(locale)) { lang = locale; }
}

/** The language button: switch, remember it, and drop ?lang= so a reload keeps the choice. */
export function toggleLang() {
  lang = lang === "en" ? "zh-CN" : "en";
  chosen = true;
  localStorage.setItem("anxin.lang", lang);
  if (params.has("lang")) {
    params.delete("lang");
    const search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }
}

/** The text for a key with {name} placeholders filled in; null when the key is unknown. */
export function t(key, values) {
  const text = window.ANXIN_TEXT[lang][key];
  if (text === undefined) { return null; }
  return text.replace(/\{(\w+)\}/g, (_, name) =>
    values && values[name] !== undefined && values[name] !== null ? String(values[name]) : "");
}

/** The label of a code the server sent ("status", "OPEN" -> 待处理), or the code itself. */
export function label(prefix, code) {
  if (code === null || code === undefined) { return ""; }
  const text = t(prefix + "." + code);
  return text === null ? String(code) : text;
}

const CLOCK = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"
});

function parts(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) { return null; }
  const p = {};
  CLOCK.formatToParts(date).forEach((part) => { p[part.type] = part.value; });
  return p;
}

/** An instant as Beijing time, "2025-03-01 16:00:05"; "" for none. */
export function time(iso) {
  if (!iso) { return ""; }
  const p = parts(iso);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : String(iso);
}

/** An instant as the Beijing date, "2025-03-01". */
export function day(iso) {
  const p = iso ? parts(iso) : null;
  return p ? `${p.year}-${p.month}-${p.day}` : "";
}

/** A number formatted for the current language. */
export function number(n, digits = 0) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

/** A share as a percentage ("83.3%"), or "—" when there is nothing to divide by. */
export function share(part, whole) {
  return whole > 0 ? t("percent", { n: number((100 * part) / whole, 1) }) : "—";
}

/** A duration in seconds, as seconds under two minutes and minutes after. */
export function duration(seconds) {
  return seconds < 120 ? t("seconds", { n: Math.round(seconds) }) : t("minutes", { n: number(seconds / 60, 1) });
}

/** A distance in metres, as metres under one kilometre. */
export function distance(meters) {
  return meters < 1000 ? t("meters", { n: Math.round(meters) }) : t("kilometers", { n: number(meters / 1000, 1) });
}
