/**
 * Mensagem (staff) ↔ portal (client user), live through the websocket, in two browser contexts:
 * the admin creates a client user, invites them, the client accepts the invitation and talks.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { pick } from "./helpers";
import { createTicketViaApi, gridRow, MAILBOX_DIR, openApp, useAdminSession } from "./support/atende";

useAdminSession("chat");

const COMPANY = "Escola Pequeno Saber Ltda";
const OTHER = "Imobiliária Casa Nova Ltda";

/** quoted-printable: soft line breaks and the encoded "=" */
const decodeQp = (s: string) => s.replace(/=\r?\n/g, "").replace(/=3D/gi, "=");

async function invitationPath(email: string): Promise<string | null> {
  let names: string[] = [];
  try {
    names = await readdir(MAILBOX_DIR);
  } catch {
    return null;
  }
  for (const name of names.filter((n) => n.endsWith(".eml"))) {
    const raw = decodeQp(await readFile(path.join(MAILBOX_DIR, name), "utf8"));
    if (!raw.includes(email)) continue;
    const m = /\/convite\/[A-Za-z0-9_-]+/.exec(raw);
    if (m) return m[0];
  }
  return null;
}

async function newClientPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
    storageState: { cookies: [], origins: [] },
  });
  return ctx.newPage();
}

test("staff and client user chat live; internal notes stay in the office", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const clientName = `Carla Portal ${stamp}`;
  const clientEmail = `carla.${stamp}@pequenosaber.com.br`;
  await openApp(page);
  const mine = await createTicketViaApi(page, { client: COMPANY, subject: `Balancete mensal ${stamp}` });
  const other = await createTicketViaApi(page, { client: OTHER, subject: `Contrato de locação ${stamp}` });

  // --- the admin creates the client user, linked to the company, without a password, and invites
  await page.goto("/usuarios");
  await page.getByRole("button", { name: "Adicionar" }).click();
  const form = page.getByRole("dialog", { name: "Novo usuário" });
  await form.getByLabel("Nome").fill(clientName);
  await form.getByLabel("E-mail").fill(clientEmail);
  await pick(form, page, "Perfil", "Usuário do cliente");
  await pick(form, page, "Clientes vinculados", COMPANY, "Pequeno Saber");
  // a multiple select stays open after a choice: close it
  await form.getByText("Novo usuário").click();
  await expect(page.locator(".ant-select-dropdown:visible")).toHaveCount(0);
  await expect(form.getByText("Deixe em branco e use Enviar convite")).toBeVisible();
  await form.getByRole("button", { name: "Salvar" }).click();
  await expect(page.locator(".ant-message-notice").filter({ hasText: "Usuário cadastrado" })).toBeVisible();
  await page.getByLabel("Buscar").fill(clientEmail);
  const userRow = page.locator("tr.ant-table-row").filter({ hasText: clientEmail });
  await expect(userRow).toHaveCount(1);
  await expect(userRow).toContainText("Sem senha");
  await expect(userRow).toContainText(COMPANY);
  await userRow.getByRole("button", { name: "Enviar convite" }).click();
  await expect(page.locator(".ant-message-notice").filter({ hasText: clientEmail })).toBeVisible();
  await expect.poll(() => invitationPath(clientEmail), { timeout: 20_000 }).not.toBeNull();
  const invite = (await invitationPath(clientEmail)) as string;

  // --- the client accepts the invitation and lands in the portal
  const client = await newClientPage(browser);
  await client.goto(invite);
  await expect(client.getByText(new RegExp(`Olá, ${clientName} — .+ convidou você`))).toBeVisible();
  await client.getByLabel("Senha", { exact: true }).fill("senha-do-portal-1");
  await client.getByLabel("Confirmar senha").fill("senha-do-portal-1");
  await client.getByRole("button", { name: "Criar senha e entrar" }).click();
  await expect(client).toHaveURL(/\/portal$/);
  await expect(client.getByRole("heading", { name: "Meus atendimentos" })).toBeVisible();
  // only that company's atendimentos
  await expect(client.getByRole("row").filter({ hasText: mine.protocol })).toBeVisible();
  await expect(client.getByRole("row").filter({ hasText: other.protocol })).toHaveCount(0);
  // the back office is not for client users
  await client.goto("/atendimentos");
  await expect(client).toHaveURL(/\/portal$/);
  await client.getByRole("row").filter({ hasText: mine.protocol }).click();
  await expect(
    client.getByRole("heading", { name: new RegExp(`Atendimento ${mine.protocol}`) }),
  ).toBeVisible();
  const clientChat = client.getByRole("log", { name: "Mensagens" });
  await expect(clientChat).toBeVisible();
  await expect(client.getByText("Nota interna (só a equipe vê)")).toHaveCount(0);

  // --- staff opens Opções → Mensagem and writes: it appears in the portal without a reload
  const row = await gridRow(page, mine.protocol);
  await row.getByRole("button", { name: "Mensagem" }).click();
  const modal = page.getByRole("dialog", {
    name: new RegExp(`Atendimento ${mine.protocol} — Balancete mensal`),
  });
  await expect(modal.getByRole("tab", { name: "Chat" })).toBeVisible();
  const staffChat = modal.getByRole("log", { name: "Mensagens" });
  const hello = `Bom dia! Pode enviar o extrato de março? Veja https://exemplo.com.br/guia ${stamp}`;
  await modal.getByLabel("Mensagem").fill(hello);
  await modal.getByLabel("Mensagem").press("Enter");
  await expect(staffChat.getByText(`Bom dia! Pode enviar o extrato de março?`)).toBeVisible();
  await expect(clientChat.getByText("Bom dia! Pode enviar o extrato de março?")).toBeVisible();
  await expect(clientChat.getByRole("link", { name: "https://exemplo.com.br/guia" })).toHaveAttribute(
    "rel",
    "noopener noreferrer",
  );
  // the client has the chat open: the staff sees it was read
  await expect(staffChat.getByTestId("read-state").last()).toHaveText(/lida/);

  // --- the client replies: it appears in the staff chat
  await client.getByLabel("Mensagem").fill(`Envio hoje à tarde. ${stamp}`);
  await client.getByRole("button", { name: /Enviar$/ }).click();
  await expect(staffChat.getByText(`Envio hoje à tarde. ${stamp}`)).toBeVisible();

  // --- the client sends files only through the chat: the Arquivos tab lists them, offers no upload
  const fileName = `extrato-marco-${stamp}.txt`;
  const chosen = client.waitForEvent("filechooser");
  await client.getByRole("button", { name: "Enviar arquivos" }).click();
  await (await chosen).setFiles({ name: fileName, mimeType: "text/plain", buffer: Buffer.from("extrato") });
  await expect(clientChat.getByText(`Arquivo enviado: ${fileName}`)).toBeVisible();
  await expect(staffChat.getByText(`Arquivo enviado: ${fileName}`)).toBeVisible();
  await client.getByRole("tab", { name: "Arquivos" }).click();
  const clientFiles = client.getByRole("tabpanel", { name: "Arquivos" });
  await expect(clientFiles.getByText(fileName)).toBeVisible();
  await expect(clientFiles.getByText("Anexar arquivos")).toHaveCount(0);
  await expect(clientFiles.getByText("Para enviar arquivos ao escritório, use o")).toBeVisible();
  await clientFiles.getByText("Chat", { exact: true }).click();
  await expect(clientChat).toBeVisible();
  // the office's Arquivos has the file and still offers the upload
  await modal.getByRole("tab", { name: "Arquivos" }).click();
  const staffFiles = modal.getByRole("tabpanel", { name: "Arquivos" });
  await expect(staffFiles.getByText(fileName)).toBeVisible();
  await expect(staffFiles.getByText("Anexar arquivos")).toBeVisible();
  await modal.getByRole("tab", { name: "Chat" }).click();

  // --- an internal note stays in the office
  await modal.getByText("Nota interna (só a equipe vê)").click();
  await modal.getByLabel("Mensagem").fill(`Cliente costuma atrasar ${stamp}`);
  await modal.getByLabel("Mensagem").press("Enter");
  const note = staffChat.getByTestId("chat-message").filter({ hasText: `Cliente costuma atrasar ${stamp}` });
  await expect(note).toContainText("Nota interna");
  await modal.getByText("Nota interna (só a equipe vê)").click();
  await modal.getByLabel("Mensagem").fill(`Obrigado! ${stamp}`);
  await modal.getByLabel("Mensagem").press("Enter");
  await expect(clientChat.getByText(`Obrigado! ${stamp}`)).toBeVisible();
  await expect(clientChat.getByText(`Cliente costuma atrasar ${stamp}`)).toHaveCount(0);
  await client.getByRole("tab", { name: "Histórico" }).click();
  await expect(
    client.getByRole("tabpanel", { name: "Histórico" }).getByText(`Obrigado! ${stamp}`),
  ).toBeVisible();
  await expect(client.getByText(`Cliente costuma atrasar ${stamp}`)).toHaveCount(0);
  await client.reload();
  await expect(client.getByRole("log", { name: "Mensagens" }).getByText(`Obrigado! ${stamp}`)).toBeVisible();
  await expect(client.getByText(`Cliente costuma atrasar ${stamp}`)).toHaveCount(0);
  await page.keyboard.press("Escape");

  // --- the client opens a request in the portal: the office finds it in the grid
  await client.goto("/portal");
  const subject = `Alteração de endereço ${stamp}`;
  await client.getByRole("button", { name: "Nova solicitação" }).click();
  const dialog = client.getByRole("dialog", { name: "Nova solicitação" });
  await dialog.getByLabel("Assunto").fill(subject);
  await dialog.getByLabel("Descrição").fill("Mudamos para a Rua das Flores, 100.");
  await dialog.getByRole("button", { name: "Enviar solicitação" }).click();
  await expect(client.getByRole("heading", { name: new RegExp(subject) })).toBeVisible();
  await page.goto(`/atendimentos?q=${encodeURIComponent(subject)}`);
  await expect(page.locator("tr.ant-table-row").filter({ hasText: subject })).toHaveCount(1);
  await client.context().close();
});
