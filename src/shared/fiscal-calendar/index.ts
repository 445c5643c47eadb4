export * from "./calendar.js";
export * from "./days.js";
export * from "./due-dates.js";
export * from "./holidays.js";
