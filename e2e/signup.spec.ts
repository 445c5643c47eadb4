/**
 * Criar conta do escritório, as a new office would: the public form (a weak password first), the
 * confirmation e-mail in the demo mailbox, the first screen with the onboarding checklist and its
 * links, inviting a colleague as Equipe do escritório, the colleague accepting in another browser and
 * logging in. With E2E_SCREENSHOTS=1 it also refreshes docs/screenshots/onboarding-1366.png.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { login, pick } from "./helpers";
import { MAILBOX_DIR } from "./support/atende";

/** quoted-printable (soft line breaks, =XX bytes of UTF-8) of a file read as latin1 */
const decodeQp = (raw: string) =>
  Buffer.from(
    raw
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    "latin1",
  ).toString("utf8");

/** The decoded text of the demo mailbox's e-mail to `to` whose text matches `pattern`. */
async function mailTo(to: string, pattern: RegExp): Promise<string | null> {
  let names: string[] = [];
  try {
    names = await readdir(MAILBOX_DIR);
  } catch {
    return null;
  }
  for (const name of names.filter((n) => n.endsWith(".eml"))) {
    const text = decodeQp(await readFile(path.join(MAILBOX_DIR, name), "latin1"));
    if (new RegExp(`^To: .*${to.replace(/[.+]/g, "\\$&")}`, "m").test(text) && pattern.test(text))
      return text;
  }
  return null;
}

async function waitForMail(to: string, pattern: RegExp): Promise<string> {
  let found: string | null = null;
  await expect
    .poll(
      async () => {
        found = await mailTo(to, pattern);
        return found !== null;
      },
      { timeout: 60_000, message: `e-mail to ${to} matching ${pattern}` },
    )
    .toBe(true);
  return found as unknown as string;
}

async function freshPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
    storageState: { cookies: [], origins: [] },
  });
  return ctx.newPage();
}

test("an office signs up, confirms its e-mail, follows the checklist and invites a colleague", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const run = `${Date.now()}-${test.info().repeatEachIndex}`;
  const office = `Contabilidade Aurora ${run} Ltda`;
  const adminEmail = `ana.${run}@aurora.com.br`;
  const colleague = { name: "Rafael Moreira", email: `rafael.${run}@aurora.com.br` };
  const colleaguePassword = "caneca verde no parapeito da janela";

  // the login page offers the sign-up (SIGNUP=open in the demo)
  const page = await freshPage(browser);
  await page.goto("/login");
  await page.getByRole("link", { name: "Criar conta do escritório" }).click({ timeout: 30_000 });
  await expect(page).toHaveURL(/\/cadastro$/);
  await expect(page.getByRole("heading", { name: "Criar conta do escritório" })).toBeVisible();
  await expect(page.getByLabel("Razão social")).toBeFocused();

  await page.getByLabel("Razão social").fill(office);
  await page.getByLabel("CNPJ ou CPF").fill("12ABC34501DE35");
  await expect(page.getByLabel("CNPJ ou CPF")).toHaveValue("12.ABC.345/01DE-35");
  await page.getByLabel("Seu nome").fill("Ana Paula Ribeiro");
  await page.getByLabel("E-mail").fill(adminEmail);

  // a weak password: the server's pt-BR advice beside the field, the cursor back in it
  const password = page.getByLabel("Senha", { exact: true });
  await password.fill("senha12345678");
  await page.getByRole("button", { name: "Criar conta" }).click();
  const passwordItem = page.locator(".ant-form-item").filter({ has: password });
  await expect(passwordItem.locator(".ant-form-item-explain-error")).toContainText(
    "Senha fraca: fácil de adivinhar.",
  );
  await expect(password).toBeFocused();
  await expect(page.getByText("Confira o seu e-mail")).toHaveCount(0);

  // a long passphrase is strong
  await password.fill("girafa azul come pastel na feira de domingo");
  await page.getByRole("button", { name: "Criar conta" }).click();
  await expect(page.getByText("Confira o seu e-mail")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`Enviamos para ${adminEmail}`)).toBeVisible();

  // the confirmation e-mail in the demo mailbox
  const confirmation = await waitForMail(adminEmail, /Recebemos o cadastro do escritório/);
  expect(confirmation).toContain(`Recebemos o cadastro do escritório ${office} (12.ABC.345/01DE-35)`);
  const confirmPath = /\/cadastro\/confirmar\/[A-Za-z0-9_-]+/.exec(confirmation)?.[0];
  expect(confirmPath).toBeTruthy();

  await page.goto(confirmPath as string);
  await expect(page.getByRole("heading", { name: `Confirmar o cadastro de ${office}` })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole("button", { name: "Confirmar e entrar" }).click();

  // the first screen of the new office: the checklist, every step to do
  await expect(page).toHaveURL(/\/atendimentos/);
  await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible({ timeout: 30_000 });
  const checklist = page.getByRole("region", { name: "Primeiros passos do escritório" });
  await expect(checklist).toBeVisible();
  await expect(checklist).toContainText("0 de 5");

  // each step's link leads to the screen where it is done
  await expect(checklist.getByRole("link", { name: "Importar planilha" })).toHaveAttribute(
    "href",
    "/clientes/importar",
  );
  const steps: [string, string][] = [
    ["Configurar o PIX", "Financeiro"],
    ["Cadastrar clientes", "Clientes"],
    ["Cadastrar serviços", "Serviços"],
  ];
  for (const [link, heading] of steps) {
    await checklist.getByRole("link", { name: link }).click();
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible({ timeout: 30_000 });
    await page.goBack();
    await expect(checklist).toBeVisible({ timeout: 30_000 });
  }

  // the first step for real: the office's SMTP (here the demo mailbox), so invitations can go out
  await checklist.getByRole("link", { name: "Configurar o e-mail" }).click();
  await expect(page.getByRole("heading", { name: "E-mail (SMTP)", exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByLabel("Servidor SMTP").fill("127.0.0.1");
  await pick(page, page, "Segurança", "Sem criptografia");
  await page.getByLabel("Porta").fill(process.env.DEMO_MAILBOX_PORT ?? "2526");
  await page.getByLabel("Nome do remetente").fill(office);
  await page.getByLabel("E-mail do remetente").fill(`atendimento.${run}@aurora.com.br`);
  await page.getByRole("button", { name: "Salvar" }).click();
  await expect(
    page.locator(".ant-message-notice").filter({ hasText: "Configuração de e-mail salva" }),
  ).toBeVisible({ timeout: 30_000 });
  await page.getByRole("menuitem", { name: "Atendimentos" }).click();
  await expect(checklist.locator('[data-step="smtp"]')).toHaveAttribute("data-done", "true", {
    timeout: 30_000,
  });
  await expect(checklist).toContainText("1 de 5");

  // Convidar colegas: Usuários → Adicionar (without a password) → Enviar convite
  await checklist.getByRole("link", { name: "Convidar colegas" }).click();
  await expect(page.getByRole("heading", { name: "Usuários", exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Adicionar" }).click();
  const form = page.getByRole("dialog", { name: /Novo usuário/ });
  await form.getByLabel("Nome").fill(colleague.name);
  await form.getByLabel("E-mail").fill(colleague.email);
  await expect(form.locator(".ant-select").filter({ hasText: "Equipe do escritório" })).toBeVisible();
  await form.getByRole("button", { name: "Salvar" }).click();
  await expect(form).toBeHidden({ timeout: 30_000 });
  const row = page.locator("tr.ant-table-row").filter({ hasText: colleague.email });
  await expect(row).toContainText("Sem senha");
  await expect(row).toContainText("Equipe do escritório");
  await row.getByRole("button", { name: "Enviar convite" }).click();
  await expect(page.locator(".ant-message-notice").filter({ hasText: colleague.email })).toBeVisible({
    timeout: 30_000,
  });

  // the invitation says which office invites and with which profile
  const invitation = await waitForMail(colleague.email, /convidou você para a equipe/);
  expect(invitation).toContain(
    `${office} convidou você para a equipe do escritório no Atende, com o perfil Equipe do escritório.`,
  );
  const invitePath = /\/convite\/[A-Za-z0-9_-]+/.exec(invitation)?.[0];
  expect(invitePath).toBeTruthy();

  // back on the first screen the team step is done; Ocultar hides the checklist for good
  await page.getByRole("menuitem", { name: "Atendimentos" }).click();
  await expect(checklist.locator('[data-step="team"]')).toHaveAttribute("data-done", "true", {
    timeout: 30_000,
  });
  await expect(checklist).toContainText("2 de 5");
  if (process.env.E2E_SCREENSHOTS === "1") {
    // the README's picture: two steps done, three to do
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect(checklist).toBeInViewport();
    await page.screenshot({ path: path.resolve("docs/screenshots/onboarding-1366.png") });
  }
  await checklist.getByRole("button", { name: "Ocultar" }).click();
  await expect(checklist).toBeHidden();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("table")).toBeVisible();
  await expect(checklist).toHaveCount(0);
  await page.context().close();

  // the colleague accepts in another browser…
  const mate = await freshPage(browser);
  await mate.goto(invitePath as string);
  await expect(
    mate.getByRole("heading", { name: `Olá, ${colleague.name} — ${office} convidou você` }),
  ).toBeVisible({ timeout: 30_000 });
  await mate.getByLabel("Senha", { exact: true }).fill(colleaguePassword);
  await mate.getByLabel("Confirmar senha").fill(colleaguePassword);
  await mate.getByRole("button", { name: "Criar senha e entrar" }).click();
  await expect(mate.getByRole("heading", { name: "Atendimentos" })).toBeVisible({ timeout: 30_000 });
  await expect(mate.getByText(office).first()).toBeVisible();
  await mate.context().close();

  // …and logs in with the new password (the checklist is the admin's, not shown to the team)
  const again = await freshPage(browser);
  await login(again, { email: colleague.email, password: colleaguePassword });
  await expect(again.getByText(office).first()).toBeVisible();
  await expect(again.getByRole("table")).toBeVisible();
  await expect(again.getByRole("region", { name: "Primeiros passos do escritório" })).toHaveCount(0);
  await again.context().close();
});
