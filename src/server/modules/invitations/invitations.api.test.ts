import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emails } from "../../db/schema/index.js";
import { createOffice, type Session, useTestApp } from "../../test/harness.js";

const ctx = useTestApp();

/** Creates a user without a password, invites them and returns the invitation e-mail as queued. */
async function invite(admin: Session, officeId: string, role: "admin" | "staff" | "client") {
  const email = `convidado-${randomUUID().slice(0, 8)}@teste.com.br`;
  const created = await admin.post("/api/users", { name: "Carla Nogueira", email, role });
  expect(created.statusCode).toBe(201);
  const res = await admin.post(`/api/users/${created.json().id}/invite`);
  expect(res.statusCode).toBe(200);
  const rows = await ctx.database.db
    .select({ subject: emails.subject, text: emails.text, html: emails.html, to: emails.toAddresses })
    .from(emails)
    .where(and(eq(emails.officeId, officeId), eq(emails.kind, "invitation")));
  const mail = rows.find((r) => JSON.stringify(r.to).includes(email));
  expect(mail, `invitation to ${email}`).toBeTruthy();
  return mail as NonNullable<typeof mail>;
}

describe("invitation e-mail wording", () => {
  it("tells a colleague which office invites them and with which profile", async () => {
    const { admin, office } = await createOffice(ctx, "Contabilidade Horizonte Ltda");

    const staff = await invite(admin, office.id, "staff");
    expect(staff.subject).toBe("Contabilidade Horizonte Ltda convidou você para a equipe no Atende");
    expect(staff.text).toContain(
      "Contabilidade Horizonte Ltda convidou você para a equipe do escritório no Atende, com o perfil Equipe do escritório.",
    );
    expect(staff.text).not.toContain("acompanhar seus atendimentos");
    expect(staff.html).toContain("com o perfil <strong>Equipe do escritório</strong>");

    const adm = await invite(admin, office.id, "admin");
    expect(adm.text).toContain("com o perfil Administrador.");
    expect(adm.text).toContain("configura o escritório");
    expect(adm.html).toContain("com o perfil <strong>Administrador</strong>");

    // a person of a client company is invited to the portal, not to the team
    const client = await invite(admin, office.id, "client");
    expect(client.subject).toBe("Contabilidade Horizonte Ltda: convite para acessar o Atende");
    expect(client.text).toContain(
      "Contabilidade Horizonte Ltda convidou você para acompanhar seus atendimentos",
    );
    expect(client.text).not.toContain("equipe");
  });
});
