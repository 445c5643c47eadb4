/**
 * Inbound e-mail in the demo: a status change e-mails the client (demo SMTP catcher); the client
 * answers it from a "mail client" (npm run demo:reply, SMTP → the demo office's IMAP mailbox) with a
 * file; the reply appears live in Mensagem, marked "por e-mail", and the file in Arquivos.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import {
  changeStatusViaApi,
  createTicketViaApi,
  gridRow,
  MAILBOX_DIR,
  mailboxMessages,
  openApp,
  useAdminSession,
} from "./support/atende";

useAdminSession("inbound");
const run = promisify(execFile);

test("a client's e-mail reply appears live in Mensagem, with its attachment in Arquivos", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  await openApp(page);
  const t = await createTicketViaApi(page, {
    client: "Padaria Pão Dourado Ltda",
    subject: `Folha de dezembro ${stamp}`,
  });
  await changeStatusViaApi(page, t, "waiting");
  await expect.poll(async () => (await mailboxMessages(t.protocol, "Reply-To")).length).toBeGreaterThan(0);

  // the office has the chat open when the answer arrives
  const row = await gridRow(page, t.protocol);
  await row.getByRole("button", { name: "Mensagem" }).click();
  const modal = page.getByRole("dialog", { name: new RegExp(`Atendimento ${t.protocol}`) });
  const chat = modal.getByRole("log", { name: "Mensagens" });
  await expect(chat).toBeVisible();

  const file = path.join(path.dirname(MAILBOX_DIR), `holerites-${stamp}.pdf`);
  await writeFile(file, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  await run(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/reply-as-client.ts",
      "--protocol",
      t.protocol,
      "--file",
      file,
      `Seguem os holerites assinados. ${stamp}`,
    ],
    {
      env: {
        ...process.env,
        DATA_DIR: path.dirname(MAILBOX_DIR),
        DEMO_MAILBOX_PORT: process.env.DEMO_MAILBOX_PORT ?? "2526",
      },
    },
  );

  const reply = chat
    .getByTestId("chat-message")
    .filter({ hasText: `Seguem os holerites assinados. ${stamp}` });
  await expect(reply).toBeVisible({ timeout: 30_000 });
  await expect(reply).toContainText("por e-mail");
  // the quoted status e-mail stayed out of the chat
  await expect(reply).not.toContainText("escreveu:");
  await modal.getByRole("tab", { name: "Arquivos" }).click();
  await expect(
    modal.getByRole("tabpanel", { name: "Arquivos" }).getByText(`holerites-${stamp}.pdf`),
  ).toBeVisible();
});
