import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import {
  clients,
  officeFinanceSettings,
  officeMailSettings,
  offices,
  services,
  users,
} from "../../db/schema/index.js";

const exists = (q: unknown) => sql<boolean>`exists (${q})`;

/** The facts the onboarding checklist is computed from, in one query. */
export async function onboardingFacts(db: Executor, officeId: string) {
  const [row] = await db
    .select({
      dismissedAt: offices.onboardingDismissedAt,
      smtp: exists(
        db.select({ x: sql`1` }).from(officeMailSettings).where(eq(officeMailSettings.officeId, officeId)),
      ),
      pix: exists(
        db
          .select({ x: sql`1` })
          .from(officeFinanceSettings)
          .where(and(eq(officeFinanceSettings.officeId, officeId), isNotNull(officeFinanceSettings.pixKey))),
      ),
      clients: exists(db.select({ x: sql`1` }).from(clients).where(eq(clients.officeId, officeId))),
      services: exists(db.select({ x: sql`1` }).from(services).where(eq(services.officeId, officeId))),
      // a colleague: any other admin or staff user, invited or not
      staffCount: sql<number>`(${db
        .select({ n: sql`count(*)` })
        .from(users)
        .where(and(eq(users.officeId, officeId), inArray(users.role, ["admin", "staff"])))})`.mapWith(Number),
    })
    .from(offices)
    .where(eq(offices.id, officeId));
  return row;
}

export async function dismiss(db: Executor, officeId: string) {
  await db.update(offices).set({ onboardingDismissedAt: new Date() }).where(eq(offices.id, officeId));
}
