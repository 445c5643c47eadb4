import { count } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { emails } from "../../db/schema/index.js";

/** E-mails of the whole installation by state (an operator's view: no office label, no content). */
export async function emailCountsByState(db: Executor) {
  return db.select({ state: emails.state, n: count() }).from(emails).groupBy(emails.state);
}
