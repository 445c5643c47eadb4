import { describe, expect, it } from "vitest";
import { crashPolicy } from "./process-guard.js";
import { isDatabaseUnavailable } from "./sql.js";

const pgError = (code: string, message = "erro") => Object.assign(new Error(message), { code });
/** how Drizzle wraps a driver error */
const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1"), { cause });

describe("isDatabaseUnavailable", () => {
  it("recognises a database that went away, also through Drizzle's wrapper", () => {
    expect(
      isDatabaseUnavailable(pgError("57P01", "terminating connection due to administrator command")),
    ).toBe(true);
    expect(isDatabaseUnavailable(wrapped(pgError("57P03", "the database system is starting up")))).toBe(true);
    expect(isDatabaseUnavailable(pgError("08006"))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(new Error("Connection terminated unexpectedly")))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    // what Node gives when neither ::1 nor 127.0.0.1 accepts
    const refused = Object.assign(new AggregateError([pgError("ECONNREFUSED")], ""), {
      code: "ECONNREFUSED",
    });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([pgError("ECONNRESET")], ""))).toBe(true);
  });

  it("does not mistake a faulty query or a programming error for an outage", () => {
    expect(isDatabaseUnavailable(pgError("23505", "duplicate key value"))).toBe(false);
    expect(isDatabaseUnavailable(wrapped(pgError("42P01", 'relation "x" does not exist')))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable("Connection terminated unexpectedly")).toBe(false);
  });
});

describe("crashPolicy", () => {
  it("survives a database outage and exits on anything else", () => {
    expect(crashPolicy(wrapped(pgError("57P01")))).toBe("survive");
    expect(crashPolicy(new TypeError("x is not a function"))).toBe("exit");
    expect(crashPolicy(pgError("23505"))).toBe("exit");
  });
});
