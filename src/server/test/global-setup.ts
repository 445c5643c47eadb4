import { connectPostgres } from "../db/client.js";

/**
 * When the API suite runs against a real PostgreSQL server (ATENDE_TEST_DB=postgres), the schema is
 * migrated once here; every test then builds its own office, so nothing needs truncating.
 */
export default async function setup() {
  if (process.env.ATENDE_TEST_DB !== "postgres") return;
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("ATENDE_TEST_DB=postgres needs TEST_DATABASE_URL");
  const database = connectPostgres(url, 2);
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
}
