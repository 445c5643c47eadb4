/**
 * Links that leave the app (e-mails) and come back to it. One address per atendimento works for
 * everyone who follows it: /atendimentos/<id> sends a client user to the portal's page of the
 * atendimento and the office to the grid with its drawer open, after the login page if needed.
 */

import type { Role } from "./api.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The path every e-mail uses to point at one atendimento. */
export function ticketLinkPath(ticketId: string): string {
  return `/atendimentos/${encodeURIComponent(ticketId)}`;
}

/** The full URL of `ticketLinkPath` under the installation's public address. */
export function ticketLink(publicUrl: string, ticketId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${ticketLinkPath(ticketId)}`;
}

/** Where the link lands: the portal for client users, the office's drawer for staff. */
export function ticketLinkTarget(ticketId: string, role: Role): string {
  if (!UUID.test(ticketId)) return role === "client" ? "/portal" : "/atendimentos";
  const id = encodeURIComponent(ticketId.toLowerCase());
  return role === "client" ? `/portal/atendimentos/${id}` : `/atendimentos?atendimento=${id}`;
}

/**
 * A link of the other side's view of one atendimento (a staff user opening a portal link someone
 * forwarded, a client user opening the office's drawer link): the same atendimento in this user's
 * view, or null when the address is not one atendimento's.
 */
export function crossSideTicketTarget(pathname: string, search: string, role: Role): string | null {
  const portal = /^\/portal\/atendimentos\/([^/]+)\/?$/.exec(pathname)?.[1];
  const office =
    pathname.replace(/\/+$/, "") === "/atendimentos" ? new URLSearchParams(search).get("atendimento") : null;
  const id = role === "client" ? office : portal;
  if (!id) return null;
  const decoded = (() => {
    try {
      return decodeURIComponent(id);
    } catch {
      return "";
    }
  })();
  return UUID.test(decoded) ? ticketLinkTarget(decoded, role) : null;
}

/**
 * The destination after login (?next=): only a path of this app. Anything that a browser could read
 * as another origin (`//host`, `/\host`, a scheme, control characters) falls back to the home page.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/atendimentos"): string {
  if (!next || next.length > 2000) return fallback;
  if (!next.startsWith("/") || next.startsWith("//")) return fallback;
  // browsers treat "\" like "/" and drop TAB/CR/LF inside URLs: "/\evil.com" or "/\t/evil.com" is "//evil.com"
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  if (next === "/login" || next.startsWith("/login?") || next.startsWith("/login/")) return fallback;
  try {
    const url = new URL(next, "http://app.invalid");
    if (url.origin !== "http://app.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
