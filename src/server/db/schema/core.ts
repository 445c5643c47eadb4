import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("user_role", ["admin", "staff", "client"]);

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const offices = pgTable("offices", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  document: text("document"),
  /** the admin hid the onboarding checklist (it also disappears once every step is done) */
  onboardingDismissedAt: timestamp("onboarding_dismissed_at", { withTimezone: true }),
  /** staff and admins must turn on two-factor authentication (TOTP) to use the office */
  requireTwoFactor: boolean("require_two_factor").notNull().default(false),
  /** staff see the whole office's numbers on the Painel (otherwise only their own atendimentos) */
  dashboardStaffSeesOffice: boolean("dashboard_staff_sees_office").notNull().default(false),
  ...timestamps,
});

/**
 * A sign-up waiting for its e-mail confirmation (single use, 24 h). Nothing else exists until it is
 * confirmed: the office and its admin are created then. Only the token's SHA-256 is stored.
 */
export const signupRequests = pgTable(
  "signup_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    officeName: text("office_name").notNull(),
    document: text("document").notNull(),
    adminName: text("admin_name").notNull(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    /** the office the confirmation created */
    officeId: uuid("office_id").references(() => offices.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("signup_requests_expires_idx").on(t.expiresAt)],
);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    name: text("name").notNull(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: roleEnum("role").notNull(),
    active: boolean("active").notNull().default(true),
    /** the TOTP secret, AES-GCM sealed with the installation's secret key (lib/secrets.ts) */
    totpSecretEnc: text("totp_secret_enc"),
    /** null while the secret is only being set up (or 2FA is off) */
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** the last TOTP time step accepted: a code of that step or an earlier one is never accepted again */
    totpLastCounter: bigint("totp_last_counter", { mode: "number" }),
    ...timestamps,
  },
  (t) => [
    // one e-mail may sign in to several offices (one user per office), never twice in one office
    uniqueIndex("users_office_email_key").on(t.officeId, sql`lower(${t.email})`),
    index("users_email_idx").on(sql`lower(${t.email})`),
    index("users_office_idx").on(t.officeId, t.name),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /** sha256 of the cookie token; the token itself is never stored */
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    csrfToken: text("csrf_token").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** the id shown in "Sessões ativas" (the primary key must not leave the server) */
    publicId: uuid("public_id").notNull().defaultRandom(),
    userAgent: text("user_agent"),
    ipAddress: text("ip_address"),
    /** refreshed at most once a minute */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/** "Esqueci minha senha": a single-use, 1-hour link. Only the token's SHA-256 is stored. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/** Single-use recovery codes of a user's two-factor authentication, stored as SHA-256. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);
