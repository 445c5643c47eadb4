import { describe, expect, it } from "vitest";
import { nextAttemptText, retryWindowText } from "./mail.js";

describe("e-mail retry wording", () => {
  it("says the next attempt in São Paulo time, with the day when it is not today", () => {
    const now = new Date("2026-03-05T13:00:00Z"); // 10:00 in São Paulo
    expect(nextAttemptText(new Date("2026-03-05T13:07:40Z"), now)).toBe("nova tentativa às 10:07");
    expect(nextAttemptText("2026-03-06T11:00:00Z", now)).toBe("nova tentativa em 06/03/2026 às 08:00");
  });

  it("says how long temporary failures were retried", () => {
    expect(retryWindowText(86_400)).toBe("24 h");
    expect(retryWindowText(5400)).toBe("1,5 h");
    expect(retryWindowText(120)).toBe("2 min");
    expect(retryWindowText(20)).toBe("20 s");
  });
});
