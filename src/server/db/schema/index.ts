export * from "./core.js";
export * from "./registry.js";
export * from "./tickets.js";
