// Who is signed in, and what their role lets them use.

export const session = { me: null };

export const STAFF_ROLES = ["STAFF", "SUPERVISOR", "ADMIN"];

export function role() {
  return session.me ? session.me.role : null;
}

export function hasRole(roles) {
  return Boolean(session.me) && roles.includes(session.me.role);
}

/** Whether the signed-in account works for this site (staff and supervisors). */
export function worksFor(siteId) {
  return Boolean(session.me) && Array.isArray(session.me.siteIds) && session.me.siteIds.includes(siteId);
}

/** The page's heading (and the browser tab's title). */
export function setTitle(text) {
  document.getElementById("page-title").textContent = text;
  document.title = (document.documentElement.lang === "en" ? "Anxin · " : "安心 · ") + text;
}
