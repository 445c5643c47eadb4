import { expect, test } from "@playwright/test";
import {
  changeStatusViaApi,
  createTicketViaApi,
  fillNewTicket,
  gridRow,
  mailboxMessages,
  openApp,
  protocolFromMessage,
  useAdminSession,
} from "./support/atende";

useAdminSession("email");

test("changing the status shows both messages, and the client receives the e-mail", async ({ page }) => {
  await openApp(page);
  const t = await createTicketViaApi(page, {
    client: "Padaria Pão Dourado Ltda",
    subject: `Folha de pagamento ${Date.now()}`,
  });
  const row = await gridRow(page, t.protocol);
  await row.getByRole("button", { name: "Alterar status" }).click();
  await page.getByRole("menuitem", { name: "Analisando" }).click();

  // first the change, then what happened to the e-mail about it
  const notices = page.locator(".ant-message-notice");
  await expect(notices.filter({ hasText: "Status alterado para Analisando" })).toBeVisible();
  await expect(notices.filter({ hasText: "E-mail enviado para contato@paodourado.com.br" })).toBeVisible();
  await expect(notices.filter({ hasText: /Status alterado|E-mail enviado/ })).toHaveText([
    /Status alterado para Analisando/,
    /E-mail enviado para contato@paodourado\.com\.br/,
  ]);
  await expect(row).toContainText("Analisando");

  // it really went out: the demo SMTP catcher kept it
  await expect
    .poll(async () => (await mailboxMessages(t.protocol, "contato@paodourado.com.br")).length)
    .toBe(1);
});

test("a client without e-mail: Não foi possível enviar o email", async ({ page }) => {
  await openApp(page);
  const t = await createTicketViaApi(page, {
    client: "Auto Peças São João ME",
    subject: `Regularização de pendências ${Date.now()}`,
  });
  const row = await gridRow(page, t.protocol);
  await row.getByRole("button", { name: "Alterar status" }).click();
  await page.getByRole("menuitem", { name: "Aguardando" }).click();
  const notices = page.locator(".ant-message-notice");
  await expect(notices.filter({ hasText: "Status alterado para Aguardando" })).toBeVisible();
  await expect(notices.filter({ hasText: /^Não foi possível enviar o email/ })).toBeVisible();
  await expect(row).toContainText("Aguardando");
});

test("Notificar greys out after an edit", async ({ page }) => {
  await openApp(page);
  const subject = `Inclusão de novo sócio ${Date.now()}`;
  const dialog = await fillNewTicket(page, {
    client: "Mercado Bom Preço Eireli",
    search: "bom preco",
    subject,
  });
  await dialog.getByRole("button", { name: "Salvar" }).click();
  const protocol = await protocolFromMessage(page, /Atendimento \d{4}\/\d{6} criado/);
  await expect(dialog).toBeHidden();

  // new, never edited: Notificar is on
  const row = await gridRow(page, protocol);
  const notify = row.getByRole("button", { name: "Notificar" });
  await expect(notify).toBeEnabled();

  await row.getByRole("button", { name: "Editar" }).click();
  const edit = page.getByRole("dialog", { name: `Editar atendimento ${protocol}` });
  await expect(edit.getByLabel("Assunto")).toHaveValue(subject);
  await edit.getByLabel("Assunto").fill(`${subject} (revisado)`);
  await edit.getByRole("button", { name: "Salvar" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("(revisado)");
  await expect(notify).toBeDisabled();
});

test("E-mails enviados: the admin sees the status change e-mail as Enviado and reads it", async ({
  page,
}) => {
  await openApp(page);
  const t = await createTicketViaApi(page, {
    client: "Clínica Odontológica Sorriso Ltda",
    subject: `Apuração do DAS ${Date.now()}`,
  });
  const changed = await changeStatusViaApi(page, t, "analysing");
  // the change answers at once (ADR 0018); its e-mail goes right after
  expect(changed.email?.state).toBe("queued");
  await expect
    .poll(
      async () => (await (await page.request.get(`/api/emails/${changed.email?.id}/outcome`)).json()).state,
    )
    .toBe("sent");

  await page.getByRole("menuitem", { name: "E-mails enviados" }).click();
  await expect(page).toHaveURL(/\/configuracoes\/emails/);
  await expect(page.getByRole("heading", { name: "E-mails enviados" })).toBeVisible();
  const row = page.locator("tr.ant-table-row").filter({ hasText: t.protocol });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("contato@sorriso.com.br");
  await expect(row).toContainText("Status alterado para Analisando");
  await expect(row.getByText("Enviado", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: /Reenviar/ })).toHaveCount(0);

  // filter by state keeps it; another state hides it
  await page.getByLabel("Filtrar por situação").click();
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: /^Enviado$/ })
    .click();
  await expect(page).toHaveURL(/situacao=sent/);
  await expect(row).toHaveCount(1);

  // Ver: the plain text of the e-mail
  await row.getByRole("button", { name: /^Ver e-mail/ }).click();
  const drawer = page.getByRole("dialog", { name: "E-mail" });
  await expect(drawer.getByTestId("email-text")).toContainText(`Protocolo: ${t.protocol}`);
  await expect(drawer.getByTestId("email-text")).toContainText("Novo status: Analisando");
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();

  // the protocol opens the grid searching for it
  await row.getByRole("link", { name: `Abrir atendimento ${t.protocol}` }).click();
  await expect(page).toHaveURL(new RegExp(`/atendimentos\\?q=${encodeURIComponent(t.protocol)}`));
  await expect(page.locator("tr.ant-table-row").filter({ hasText: t.protocol })).toHaveCount(1);
});

test("E-mail (SMTP): the admin sends a test e-mail with the saved settings", async ({ page }) => {
  await openApp(page);
  await page.getByRole("menuitem", { name: "E-mail (SMTP)" }).click();
  await expect(page.getByLabel("Servidor SMTP")).toHaveValue("127.0.0.1");
  await expect(page.getByLabel("Senha", { exact: true })).toHaveValue("");
  const to = `teste-${Date.now()}@demo.atende.com.br`;
  await page.getByLabel("Enviar para").fill(to);
  await page.getByRole("button", { name: "Enviar e-mail de teste" }).click();
  await expect(page.getByRole("status").filter({ hasText: `E-mail enviado para ${to}` })).toBeVisible();
  await expect.poll(async () => (await mailboxMessages(to)).length).toBe(1);

  // a bad value is refused beside its field, before anything is saved
  await page.getByLabel("E-mail do remetente").fill("não é e-mail");
  await page.getByRole("button", { name: "Salvar" }).click();
  await expect(page.getByText("E-mail inválido")).toBeVisible();
});
