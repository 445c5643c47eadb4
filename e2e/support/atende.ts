/**
 * Helpers of the attachments and e-mail specs: set-up through the API (for what a test does not
 * test), a real drag-and-drop, and the demo mailbox the e2e server writes to.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Locator, type Page, request, test } from "@playwright/test";
import { ADMIN, pick } from "../helpers";

/**
 * One admin session per spec file: the login form is the tickets spec's subject, and logging in
 * before every test would run into the login rate limit (10 per 15 minutes) on a full run.
 */
export function useAdminSession(name: string) {
  // per part of a sharded run (scripts/test.mjs), so two parts never share a session file
  const file = path.resolve(process.env.E2E_OUTPUT_DIR ?? "test-results", `.session-${name}.json`);
  test.beforeAll(async () => {
    // an empty state: the runner would otherwise hand this context the file it is about to write
    const api = await request.newContext({
      baseURL: test.info().project.use.baseURL,
      storageState: { cookies: [], origins: [] },
    });
    const res = await api.post("/api/auth/login", { data: ADMIN });
    expect(res.ok(), `login → ${res.status()}`).toBe(true);
    await api.storageState({ path: file });
    await api.dispose();
  });
  test.use({ storageState: file });
}

/** Opens the app on the atendimentos grid, already logged in (see useAdminSession). */
export async function openApp(page: Page) {
  await page.goto("/atendimentos");
  // generous: the first page of a fresh server can be slow on a busy machine
  await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible({ timeout: 30_000 });
}

interface Named {
  id: string;
  name: string;
}

async function csrf(page: Page): Promise<string> {
  const res = await page.request.get("/api/auth/me");
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.ok(), `${url} → ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

export interface CreatedTicket {
  id: string;
  protocol: string;
  version: number;
}

/** Set-up only: a new atendimento for the client, through the API, as the logged-in user. */
export async function createTicketViaApi(
  page: Page,
  opts: { client: string; subject: string; service?: string; assignee?: string },
): Promise<CreatedTicket> {
  const clients = await getJson<{ items: Named[] }>(
    page,
    `/api/clients?active=true&pageSize=20&q=${encodeURIComponent(opts.client)}`,
  );
  const client = clients.items.find((c) => c.name === opts.client);
  expect(client, `client ${opts.client}`).toBeTruthy();
  const services = await getJson<{ items: (Named & { priceCents: number })[] }>(
    page,
    "/api/services?active=true&pageSize=200",
  );
  const service = services.items.find((s) => s.name === (opts.service ?? "Declaração de IRPF"));
  const users = await getJson<Named[]>(page, "/api/users/options");
  const assignee = users.find((u) => u.name === (opts.assignee ?? "Bruno Lima"));
  expect(service && assignee).toBeTruthy();
  const res = await page.request.post("/api/tickets", {
    headers: { "x-csrf-token": await csrf(page) },
    data: {
      requesterId: client?.id,
      serviceId: service?.id,
      assigneeId: assignee?.id,
      subject: opts.subject,
      description: "Criado pelo teste de ponta a ponta.",
      amountCents: service?.priceCents ?? 0,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as CreatedTicket;
}

/** Set-up only: changes the status through the API (waits for the e-mail's first attempt). */
export async function changeStatusViaApi(page: Page, t: CreatedTicket, status: string) {
  const res = await page.request.post(`/api/tickets/${t.id}/status`, {
    headers: { "x-csrf-token": await csrf(page) },
    data: { status, version: t.version },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as CreatedTicket & {
    email: { id: string; state: string; message: string } | null;
  };
}

/** Adds an atendimento through the Adicionar form (the dialog stays open: the caller saves). */
export async function fillNewTicket(page: Page, opts: { client: string; search: string; subject: string }) {
  await page.getByRole("button", { name: "Adicionar" }).click();
  const dialog = page.getByRole("dialog", { name: "Novo atendimento" });
  await dialog.getByRole("tab", { name: "Atendimento" }).click();
  await pick(dialog, page, "Solicitante", opts.client, opts.search);
  await pick(dialog, page, "Serviço", "Declaração de IRPF");
  await pick(dialog, page, "Responsável", "Bruno Lima");
  await dialog.getByLabel("Assunto").fill(opts.subject);
  return dialog;
}

/** The protocol in a message such as "Atendimento 2026/000201 criado…". */
export async function protocolFromMessage(page: Page, pattern: RegExp): Promise<string> {
  const notice = page.locator(".ant-message-notice").filter({ hasText: pattern }).first();
  await expect(notice).toBeVisible();
  const text = (await notice.textContent()) ?? "";
  const protocol = /\d{4}\/\d{6}/.exec(text)?.[0];
  expect(protocol, text).toBeTruthy();
  return protocol as string;
}

/** The grid filtered to one atendimento, and its row. */
export async function gridRow(page: Page, protocol: string): Promise<Locator> {
  await page.goto(`/atendimentos?q=${encodeURIComponent(protocol)}`);
  const row = page.locator("tr.ant-table-row").filter({ hasText: protocol });
  await expect(row).toHaveCount(1);
  return row;
}

export interface DropFile {
  name: string;
  /** the bytes, base64 */
  base64?: string;
  /** or a file of this many zero bytes, built in the page */
  size?: number;
  type?: string;
}

/**
 * A real drop: builds a DataTransfer with File objects in the page and dispatches dragenter,
 * dragover and drop on the target, as the browser does when files are dragged from the desktop.
 */
export async function dropFiles(target: Locator, files: DropFile[]) {
  const dataTransfer = await target.page().evaluateHandle((list: DropFile[]) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = f.base64
        ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))
        : new Uint8Array(f.size ?? 0);
      dt.items.add(new File([bytes], f.name, { type: f.type ?? "" }));
    }
    return dt;
  }, files);
  for (const type of ["dragenter", "dragover", "drop"]) {
    await target.dispatchEvent(type, { dataTransfer });
  }
  await dataTransfer.dispose();
}

/** Where the e2e server's demo SMTP catcher keeps the e-mails (scripts/e2e-server.mjs). */
export const MAILBOX_DIR = path.resolve(process.env.E2E_DATA_DIR ?? "test-results/e2e-data", "mailbox");

/** The raw .eml files in the demo mailbox that contain every one of the strings. */
export async function mailboxMessages(...needles: string[]): Promise<string[]> {
  let names: string[] = [];
  try {
    names = await readdir(MAILBOX_DIR);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names.filter((n) => n.endsWith(".eml"))) {
    const raw = await readFile(path.join(MAILBOX_DIR, name), "utf8");
    if (needles.every((n) => raw.includes(n))) out.push(raw);
  }
  return out;
}
