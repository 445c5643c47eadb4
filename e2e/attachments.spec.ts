import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import {
  createTicketViaApi,
  dropFiles,
  fillNewTicket,
  gridRow,
  openApp,
  protocolFromMessage,
  useAdminSession,
} from "./support/atende";

useAdminSession("attachments");

/** A small PDF (its content says PDF, as the server checks) with accents in the text. */
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% Balanço patrimonial — ações\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
  "utf8",
);

test("Adicionar: a file dropped on Anexar Arquivos is sent with the new atendimento, listed, downloaded and in the history", async ({
  page,
}) => {
  await openApp(page);
  const subject = `Documentos do balanço ${Date.now()}`;
  const fileName = `balanço-${Date.now()}.pdf`;

  const dialog = await fillNewTicket(page, {
    client: "Padaria Pão Dourado Ltda",
    search: "pao dourado",
    subject,
  });

  // Anexar Arquivos: the limits are shown before anything is sent
  await dialog.getByRole("tab", { name: "Anexar Arquivos" }).click();
  await expect(dialog.getByTestId("upload-limits")).toContainText(
    "Até 10 arquivos por envio, 25 MB por arquivo",
  );

  // a real drop on the drag-and-drop area
  await dropFiles(dialog.getByText("Arraste os arquivos para cá ou clique para procurar"), [
    { name: fileName, base64: PDF.toString("base64"), type: "application/pdf" },
  ]);
  const queued = dialog
    .getByRole("list", { name: "Arquivos a enviar" })
    .getByRole("listitem", { name: fileName });
  await expect(queued).toContainText("Será enviado ao salvar o atendimento");
  await expect(dialog.getByRole("tab", { name: "Anexar Arquivos (1)" })).toBeVisible();

  // Salvar creates the atendimento, then sends the file to it
  const created = page.waitForResponse(
    (r) => r.url().endsWith("/api/tickets") && r.request().method() === "POST",
  );
  const uploaded = page.waitForResponse((r) => /\/api\/tickets\/[^/]+\/attachments$/.test(r.url()));
  await dialog.getByRole("button", { name: "Salvar" }).click();
  expect((await created).status()).toBe(201);
  expect((await uploaded).status()).toBe(201);
  const protocol = await protocolFromMessage(page, /criado com 1 arquivo anexado/);
  await expect(dialog).toBeHidden();

  // the drawer's Arquivos tab lists it: name, size, who and when
  const row = await gridRow(page, protocol);
  await row.getByRole("link", { name: `Ver atendimento ${protocol}` }).click();
  const drawer = page.getByRole("dialog", { name: `Atendimento ${protocol}` });
  const tabs = drawer.getByRole("tab");
  await expect(tabs).toHaveText(["Atendimento", "Arquivos", "Histórico"]);
  await drawer.getByRole("tab", { name: "Arquivos" }).click();
  const item = drawer
    .getByRole("list", { name: "Arquivos anexados" })
    .getByRole("listitem", { name: fileName });
  await expect(item).toContainText(`${PDF.length} bytes`);
  await expect(item).toContainText("enviado por Ana Souza em");
  await expect(item).toContainText(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

  // Baixar: a plain download link; the bytes that arrive are the bytes that were dropped
  const link = item.getByRole("link", { name: `Baixar ${fileName}` });
  await expect(link).toHaveAttribute("download", fileName);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe(fileName);
  const bytes = await readFile(await download.path());
  expect(bytes.equals(PDF)).toBe(true);

  // Histórico tells who attached what
  await drawer.getByRole("tab", { name: "Histórico" }).click();
  const history = drawer.getByRole("tabpanel", { name: "Histórico" });
  await expect(history).toContainText("Ana Souza anexou um arquivo");
  await expect(history).toContainText(`Arquivo anexado: ${fileName}`);
});

test("Arquivos tab: refuses a too large file and a program before sending (no request), removes a file", async ({
  page,
}) => {
  await openApp(page);
  const t = await createTicketViaApi(page, {
    client: "Farmácia Saúde & Vida Ltda",
    subject: `Conferência de notas ${Date.now()}`,
  });
  const limits = (await (await page.request.get("/api/config/limits")).json()) as { maxFileBytes: number };

  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith(`/api/tickets/${t.id}/attachments`)) posts.push(r.url());
  });

  const row = await gridRow(page, t.protocol);
  await row.getByRole("link", { name: `Ver atendimento ${t.protocol}` }).click();
  const drawer = page.getByRole("dialog", { name: `Atendimento ${t.protocol}` });
  await drawer.getByRole("tab", { name: "Arquivos" }).click();
  const attached = drawer.getByRole("list", { name: "Arquivos anexados" });
  await expect(drawer.getByText("Nenhum arquivo anexado")).toBeVisible();
  await expect(drawer.getByTestId("upload-limits")).toContainText("25 MB por arquivo");

  await dropFiles(drawer.getByText("Arraste os arquivos para cá ou clique para procurar"), [
    { name: "extrato.csv", base64: Buffer.from("data;valor\n01/03/2026;1.234,56\n").toString("base64") },
    { name: "backup-grande.zip", size: limits.maxFileBytes + 1 },
    { name: "atualizador.exe", base64: Buffer.from("MZ programa").toString("base64") },
  ]);

  const queue = drawer.getByRole("list", { name: "Arquivos a enviar" });
  // over the limit: refused in the browser, never sent
  await expect(queue.getByRole("listitem", { name: "backup-grande.zip" })).toContainText(
    'O arquivo "backup-grande.zip" excede o limite de 25 MB.',
  );
  // a program: refused in the browser with the API's message, never sent (no 415 to log)
  await expect(queue.getByRole("listitem", { name: "atualizador.exe" })).toContainText(
    'O arquivo "atualizador.exe" não foi aceito',
  );
  // the good one is stored and listed at once
  await expect(attached.getByRole("listitem", { name: "extrato.csv" })).toBeVisible();
  expect(posts).toHaveLength(1);

  // Remover asks first, then the file leaves the list and the history says so
  await attached.getByRole("button", { name: "Remover extrato.csv" }).click();
  await page.getByRole("tooltip").getByRole("button", { name: "Remover" }).click();
  await expect(page.getByText("Arquivo extrato.csv removido")).toBeVisible();
  await expect(drawer.getByText("Nenhum arquivo anexado")).toBeVisible();
  await drawer.getByRole("tab", { name: "Histórico" }).click();
  const history = drawer.getByRole("tabpanel", { name: "Histórico" });
  await expect(history).toContainText("Arquivo anexado: extrato.csv");
  await expect(history).toContainText("Arquivo removido: extrato.csv");
});

test("Editar: files dropped on Anexar Arquivos go at once and show with the files already attached", async ({
  page,
}) => {
  await openApp(page);
  const t = await createTicketViaApi(page, {
    client: "Construtora Horizonte S.A.",
    subject: `Alteração contratual ${Date.now()}`,
  });
  const row = await gridRow(page, t.protocol);
  await row.getByRole("button", { name: "Editar" }).click();
  const dialog = page.getByRole("dialog", { name: `Editar atendimento ${t.protocol}` });
  await dialog.getByRole("tab", { name: "Anexar Arquivos" }).click();
  await expect(dialog.getByText("Nenhum arquivo anexado")).toBeVisible();
  await dropFiles(dialog.getByText("Arraste os arquivos para cá ou clique para procurar"), [
    { name: "contrato.txt", base64: Buffer.from("Cláusula 1ª — objeto social").toString("base64") },
    { name: "procuração.pdf", base64: PDF.toString("base64") },
  ]);
  const attached = dialog.getByRole("list", { name: "Arquivos anexados" });
  await expect(attached.getByRole("listitem")).toHaveCount(2);
  await expect(attached.getByRole("listitem", { name: "contrato.txt" })).toBeVisible();
  await expect(attached.getByRole("listitem", { name: "procuração.pdf" })).toBeVisible();
  // the uploads do not touch the atendimento: saving it raises no edit conflict
  await dialog.getByRole("tab", { name: "Atendimento" }).click();
  await dialog.getByLabel("Assunto").fill(`Alteração contratual revisada ${Date.now()}`);
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Atendimento ${t.protocol} salvo`)).toBeVisible();
});
