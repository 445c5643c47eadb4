export * from "./attachments.js";
export * from "./core.js";
export * from "./finance.js";
export * from "./imports.js";
export * from "./mail.js";
export * from "./portal.js";
export * from "./registry.js";
export * from "./tickets.js";
