import type { FastifyInstance } from "fastify";

/**
 * Security headers of every response (ADR 0009), set in one place: the app shell and its static
 * files, the JSON API, file downloads, error pages and the Swagger UI at /api/docs.
 *
 * - HTML gets the app's Content-Security-Policy: scripts only from our origin (the Vite build has no
 *   inline script), styles from our origin plus inline ones (antd's CSS-in-JS inserts <style> tags at
 *   run time, some without a nonce), images from our origin and data:/blob: URLs (the PIX QR code,
 *   the favicon, the Swagger logo), the websocket of the same origin, no plugins, no framing.
 * - The API (JSON, files) gets a policy that allows nothing: such a response is never a page,
 *   and if a browser is tricked into rendering one, it runs nothing and cannot be framed.
 * - A route that sets its own Content-Security-Policy (attachment downloads) keeps it.
 */
export function contentSecurityPolicy(publicUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${websocketOrigin(publicUrl)}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For anything that is not HTML: nothing may load or run, nothing may frame it. */
export const NON_HTML_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * ws(s):// of PUBLIC_URL. CSP Level 3 browsers let 'self' match the same-origin websocket, older
 * ones (Safari before 15.4) do not, so the origin the app is published at is named explicitly.
 */
function websocketOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}`;
}

/**
 * The web app (its pages and static files) and the API docs. A page revalidated with a 304 has no
 * content type, and browsers merge a 304's headers into the cached page: deciding by the content type
 * alone would give the cached page the API's policy and block its scripts.
 */
function isWebPath(url: string): boolean {
  return !url.startsWith("/api/") || url.startsWith("/api/docs");
}

export function registerSecurityHeaders(app: FastifyInstance, opts: { publicUrl: string }): void {
  const htmlPolicy = contentSecurityPolicy(opts.publicUrl);
  // onSend runs for every reply: routes, static files, the not-found and error handlers
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "same-origin");
    if (!reply.hasHeader("content-security-policy")) {
      const html = String(reply.getHeader("content-type") ?? "").startsWith("text/html");
      reply.header("content-security-policy", html || isWebPath(request.url) ? htmlPolicy : NON_HTML_CSP);
    }
    return payload;
  });
}
