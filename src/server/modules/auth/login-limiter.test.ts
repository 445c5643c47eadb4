import { describe, expect, it } from "vitest";
import { LoginBlocked, LoginLimiter } from "./login-limiter.js";

describe("LoginLimiter", () => {
  it("blocks after max failures until the 15-minute window ends", () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter(3, () => now);
    for (let i = 0; i < 3; i++) {
      limiter.check("ip|a@x.com");
      limiter.fail("ip|a@x.com");
    }
    expect(() => limiter.check("ip|a@x.com")).toThrow(LoginBlocked);
    try {
      limiter.check("ip|a@x.com");
    } catch (err) {
      expect((err as LoginBlocked).retryAfterSeconds).toBe(15 * 60);
      expect((err as LoginBlocked).status).toBe(429);
    }
    // another e-mail from the same address is not blocked
    expect(() => limiter.check("ip|b@x.com")).not.toThrow();
    now += 15 * 60_000 - 1;
    expect(() => limiter.check("ip|a@x.com")).toThrow(LoginBlocked);
    now += 1;
    expect(() => limiter.check("ip|a@x.com")).not.toThrow();
  });

  it("a success clears the count; successes alone never block", () => {
    const limiter = new LoginLimiter(2, () => 0);
    limiter.fail("k");
    limiter.succeed("k");
    limiter.fail("k");
    expect(() => limiter.check("k")).not.toThrow();
    for (let i = 0; i < 50; i++) limiter.succeed("k");
    expect(() => limiter.check("k")).not.toThrow();
  });
});
