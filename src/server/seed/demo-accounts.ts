import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import { sessions } from "../db/schema/index.js";

/**
 * Sessões ativas of the demo admin: besides the browser the person signs in with, a phone and the
 * office's other computer, so the page shows what it is for. Their tokens are thrown away at once:
 * nobody can use these sessions, they can only be ended.
 */
export async function seedDemoAccounts(db: Db, admin: { id: string; officeId: string }, now: Date) {
  const devices = [
    {
      userAgent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      ipAddress: "177.92.14.201",
      hoursAgo: 20,
    },
    {
      userAgent:
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      ipAddress: "189.36.201.17",
      hoursAgo: 3,
    },
  ];
  for (const d of devices) {
    const seen = new Date(now.getTime() - d.hoursAgo * 3600_000);
    await db.insert(sessions).values({
      id: createHash("sha256").update(randomBytes(32)).digest("hex"),
      userId: admin.id,
      officeId: admin.officeId,
      csrfToken: randomBytes(24).toString("base64url"),
      expiresAt: new Date(now.getTime() + 7 * 86400_000),
      userAgent: d.userAgent,
      ipAddress: d.ipAddress,
      createdAt: new Date(seen.getTime() - 2 * 86400_000),
      lastSeenAt: seen,
    });
  }
}
