import { z } from "zod";

/**
 * No eval in the browser: Zod 4 otherwise probes `new Function("")` to compile faster object parsers,
 * which the Content-Security-Policy (script-src 'self', ADR 0009) refuses and reports as a violation.
 * Zod reads this flag when a schema is built, so main.tsx imports this module before anything else.
 */
z.config({ jitless: true });
