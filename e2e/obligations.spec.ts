/**
 * Obrigações e prazos (issue 15): an obligation created, its competência generated through "Gerar
 * agora" (preview, then Gerar), its deadlines on the Prazos calendar and on the board by responsável.
 */
import { expect, test } from "@playwright/test";
import { useAdminSession } from "./support/atende";

useAdminSession("obligations");

// unique per attempt: a retry on the same server must not find the first attempt's obligation
const NAME = `Taxa de Fiscalização Municipal ${Date.now().toString(36)}`;

test("create an obligation, generate a competência, see it on the calendar and the board", async ({
  page,
}) => {
  // the obligation through the API (the cadastro form is the CrudPage every cadastro shares)
  await page.goto("/obrigacoes");
  await expect(page.getByRole("heading", { name: "Obrigações" })).toBeVisible({ timeout: 30_000 });
  const me = await (await page.request.get("/api/auth/me")).json();
  const res = await page.request.post("/api/obligations", {
    headers: { "x-csrf-token": me.csrfToken },
    data: {
      name: NAME,
      department: "fiscal",
      taxRegimes: ["simples_nacional"],
      periodicity: "monthly",
      offsetMonths: 1,
      legalDay: 10,
      shift: "after",
      targetBusinessDays: 2,
      checklist: ["Emitir a guia"],
    },
  });
  expect(res.status()).toBe(201);
  await page.reload();
  await expect(page.getByText(NAME)).toBeVisible();

  // Gerar agora: the preview names what will be created (the demo's competência is already there)
  await page.getByRole("button", { name: /Gerar agora/ }).click();
  const dialog = page.getByRole("dialog", { name: "Gerar atendimentos da competência" });
  await expect(dialog.getByText(/a gerar/)).toBeVisible();
  const generateButton = dialog.getByRole("button", { name: /^Gerar \d+ atendimento/ });
  await expect(generateButton).toBeEnabled();
  const label = (await generateButton.textContent()) ?? "";
  const count = Number(/Gerar (\d+)/.exec(label)?.[1]);
  expect(count).toBeGreaterThan(0);
  await generateButton.click();
  await expect(page.getByText(new RegExp(`${count} atendimento\\(s\\) gerado\\(s\\)`))).toBeVisible();

  // Prazos: the month after the competência, on the calendar and on the board
  await page.getByRole("link", { name: "Prazos" }).first().click();
  await expect(page.getByRole("heading", { name: "Prazos" })).toBeVisible();
  const generated = page.locator(".deadline-item", { hasText: NAME });
  await expect(generated.first()).toBeVisible();
  await page.getByText("Por responsável").click();
  const column = page.getByRole("region", { name: "Sem responsável" });
  // "Gerar" also creates the other obligations' items of clients added since the demo's generation
  // (the import spec's): the board holds exactly this obligation's unassigned ones of the month
  const month = new Date().toLocaleDateString("sv-SE", { timeZone: "America/Sao_Paulo" }).slice(0, 7);
  const list = (await (
    await page.request.get(`/api/obligations/deadlines?month=${month}&scope=month`)
  ).json()) as {
    items: { subject: string; assignee: unknown }[];
  };
  const mine = list.items.filter((i) => i.subject.startsWith(NAME) && i.assignee === null).length;
  expect(mine).toBeGreaterThan(0);
  expect(mine).toBeLessThanOrEqual(count);
  await expect(column.locator(".deadline-card", { hasText: NAME })).toHaveCount(mine);
});
