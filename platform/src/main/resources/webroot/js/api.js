// Calls to the platform's API with the session cookie, in the console's language, so that
// problem details (e.g. "该告警已由 王芳 于 22:03:12 改为“已确认”") come back in the words shown.
import { currentLang } from "./text.js";

let onSignedOut = () => {};

/** What to do when the session has ended (401). */
export function whenSignedOut(handler) {
  onSignedOut = handler;
}

/**
 * Resolves to {ok, status, body}: body is the parsed JSON answer or problem, null otherwise; status
 * 0 when the server could not be reached. Never rejects.
 */
export async function api(path, options = {}) {
  const headers = { "Accept": "application/json", "Accept-Language": currentLang() };
  if (options.body !== undefined) { headers["Content-Type"] = "application/json"; }
  if (options.purpose) { headers["X-Anxin-Purpose"] = options.purpose; }
  let response;
  try {
    response = await fetch(path, {
      method: options.method || "GET",
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body)
    });
  } catch (e) {
    return { ok: false, status: 0, body: null };
  }
  let body = null;
  if ((response.headers.get("Content-Type") || "").includes("json")) {
    try { body = await response.json(); } catch (e) { body = null; }
  }
  if (response.status === 401 && path !== "/api/session") { onSignedOut(); }
  return { ok: response.ok, status: response.status, body };
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== "") { q.set(k, String(v)); }
  });
  const s = q.toString();
  return s ? "?" + s : "";
}
