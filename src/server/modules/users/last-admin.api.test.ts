import { describe, expect, it } from "vitest";
import { createOffice, createUser, expectError, useTestApp } from "../../test/harness.js";

const ctx = useTestApp();

describe("the last active admin of an office", () => {
  it("cannot be deactivated or demoted (the only admin acting on themself hears why it is refused)", async () => {
    const { admin, adminUser } = await createOffice(ctx);
    const body = { name: "Admin", email: adminUser.email, role: "admin", active: false };
    expectError(
      await admin.patch(`/api/users/${adminUser.id}`, body),
      400,
      "validation_failed",
      "active",
      /próprio usuário/,
    );
    expectError(
      await admin.patch(`/api/users/${adminUser.id}`, { ...body, active: true, role: "staff" }),
      400,
      "validation_failed",
      "role",
      /próprio perfil de administrador/,
    );
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const { admin, adminUser } = await createOffice(ctx);
    const other = await createUser(ctx, admin, "admin");
    const [a, b] = await Promise.all([
      admin.patch(`/api/users/${other.user.id}`, { ...other.user, active: true, role: "staff" }),
      other.session.patch(`/api/users/${adminUser.id}`, {
        name: "Admin",
        email: adminUser.email,
        role: "staff",
        active: true,
      }),
    ]);
    expect([a.statusCode, b.statusCode].filter((s) => s === 200)).toHaveLength(1);
    const users = (await (a.statusCode === 200 ? admin : other.session).get("/api/users?pageSize=50")).json()
      .items as { role: string; active: boolean }[];
    expect(users.filter((u) => u.role === "admin" && u.active)).toHaveLength(1);
  });
});
