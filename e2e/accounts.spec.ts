/**
 * Accounts (issue 12 §3), as a person walks them: Esqueci minha senha → the e-mail in the demo mailbox →
 * a new password → the other sessions are gone; then Verificação em duas etapas on → log out → log in
 * with the app's code → a recovery code works once.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, request, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { ADMIN } from "./helpers";
import { mailboxMessages } from "./support/atende";

const stamp = Date.now();
const person = { name: `Carla Contas ${stamp}`, email: `carla-${stamp}@demo.atende.com.br` };
const FIRST_PASSWORD = "trem lilás de outubro 7";
const NEW_PASSWORD = "girassol azul na varanda 42";

/** A fresh staff member (created by the demo admin), so the demo logins other specs use stay as they are. */
test.beforeAll(async () => {
  const api = await request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await api.post("/api/auth/login", { data: ADMIN })).ok()).toBe(true);
  const { csrfToken } = (await (await api.get("/api/auth/me")).json()) as { csrfToken: string };
  const res = await api.post("/api/users", {
    data: { ...person, role: "staff", password: FIRST_PASSWORD },
    headers: { "x-csrf-token": csrfToken },
  });
  expect(res.status(), await res.text()).toBe(201);
  await api.dispose();
});

/** The token of the reset link in the e-mail (quoted-printable may wrap the line). */
async function resetToken(): Promise<string> {
  let token = "";
  await expect
    .poll(async () => {
      const [raw] = await mailboxMessages(person.email, "redefini");
      const text = (raw ?? "").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      token = text.match(/\/redefinir-senha\/([A-Za-z0-9_-]{40,})/)?.[1] ?? "";
      return token;
    })
    .not.toBe("");
  return token;
}

/** No serious or critical WCAG 2.1 AA violation on the screen (soft: one run lists every screen's). */
async function expectAccessible(page: Page, screen: string) {
  // a button still fading in (antd's transitions) has a passing colour only once it ends
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect
    .soft(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      screen,
    )
    .toEqual([]);
}

async function loginForm(page: Page, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(person.email);
  await page.getByLabel("Senha").fill(password);
  await page.getByRole("button", { name: "Entrar" }).click();
}

/**
 * Picks an item of the header's user menu and waits for where it leads. Right after a sign-in the
 * header re-renders once the session query settles, and a click on the menu opened just before can
 * land on the item being replaced: open and click again until the address changes.
 */
async function userMenu(page: Page, item: string, leadsTo: RegExp) {
  await expect(async () => {
    await page.getByRole("button", { name: /^Usuário / }).click();
    await page.getByRole("menuitem", { name: item }).click({ timeout: 5_000 });
    await expect(page).toHaveURL(leadsTo, { timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
}

async function logout(page: Page) {
  await userMenu(page, "Sair", /\/login/);
  await expect(page.getByRole("button", { name: "Entrar" })).toBeVisible({ timeout: 30_000 });
}

async function enterCode(page: Page, code: string, checkAccessible = false) {
  await expect(page.getByText("Verificação em duas etapas")).toBeVisible();
  if (checkAccessible) await expectAccessible(page, "Login: código");
  await page.getByLabel("Código do aplicativo autenticador").fill(code);
  await page.getByRole("button", { name: "Verificar" }).click();
}

test("forgot password, new password ends other sessions; 2FA on, code login, recovery code once", async ({
  page,
}) => {
  // another device is signed in with the old password
  const otherDevice = await request.newContext({ baseURL: test.info().project.use.baseURL });
  expect(
    (
      await otherDevice.post("/api/auth/login", { data: { email: person.email, password: FIRST_PASSWORD } })
    ).ok(),
  ).toBe(true);
  expect(((await (await otherDevice.get("/api/auth/me")).json()) as { user: unknown }).user).not.toBeNull();

  await test.step("Esqueci minha senha → e-mail → nova senha", async () => {
    await page.goto("/login");
    await page.getByRole("link", { name: "Esqueci minha senha" }).click();
    // the page's code loads on the click: fill its field, not the login form's still on screen
    await expect(page.getByRole("button", { name: "Enviar link" })).toBeVisible();
    await page.getByLabel("E-mail").fill(person.email);
    await expectAccessible(page, "Esqueci minha senha");
    await page.getByRole("button", { name: "Enviar link" }).click();
    await expect(page.getByText("Verifique seu e-mail")).toBeVisible();

    await page.goto(`/redefinir-senha/${await resetToken()}`);
    await expect(page.getByText(person.email)).toBeVisible();
    await expectAccessible(page, "Criar nova senha");
    // a weak password is refused with the reason
    await page.getByLabel("Nova senha").fill("12345678");
    await page.getByLabel("Confirmar senha").fill("12345678");
    await page.getByRole("button", { name: "Salvar nova senha" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Senha fraca" })).toBeVisible();
    await page.getByLabel("Nova senha").fill(NEW_PASSWORD);
    await page.getByLabel("Confirmar senha").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Salvar nova senha" }).click();
    await expect(page.getByText("Senha alterada")).toBeVisible();
  });

  await test.step("the other device was signed out; the old password no longer works", async () => {
    expect(((await (await otherDevice.get("/api/auth/me")).json()) as { user: unknown }).user).toBeNull();
    await otherDevice.dispose();
    await loginForm(page, FIRST_PASSWORD);
    await expect(page.getByRole("alert").filter({ hasText: "E-mail ou senha inválidos." })).toBeVisible();
    await loginForm(page, NEW_PASSWORD);
    await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible();
  });

  await test.step("Sessões ativas: another device is listed and ended", async () => {
    const phone = await request.newContext({
      baseURL: test.info().project.use.baseURL,
      userAgent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile/15E148 Safari/604.1",
    });
    expect(
      (await phone.post("/api/auth/login", { data: { email: person.email, password: NEW_PASSWORD } })).ok(),
    ).toBe(true);
    await userMenu(page, "Sessões ativas", /aba=sessoes/);
    const items = page.locator(".ant-list-item");
    await expect(items).toHaveCount(2);
    await expect(items.filter({ hasText: "Esta sessão" })).toHaveCount(1);
    await expectAccessible(page, "Sessões ativas");
    const other = items.filter({ hasText: "Safari em iOS" });
    await other.getByRole("button", { name: "Encerrar" }).click();
    await page.getByRole("button", { name: "Encerrar", exact: true }).last().click();
    await expect(items).toHaveCount(1);
    expect(((await (await phone.get("/api/auth/me")).json()) as { user: unknown }).user).toBeNull();
    await phone.dispose();
  });

  let secret = "";
  let recovery: string[] = [];
  await test.step("turn on two-factor from the user menu", async () => {
    await userMenu(page, "Verificação em duas etapas", /aba=2fa/);
    await page.getByRole("button", { name: "Ativar verificação em duas etapas" }).click();
    await expect(page.getByRole("img", { name: "QR code da verificação em duas etapas" })).toBeVisible();
    await expectAccessible(page, "Ativar verificação em duas etapas");
    secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").trim();
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
    await page.getByLabel("Código", { exact: true }).fill(totp.generate());
    await page.getByRole("button", { name: "Ativar", exact: true }).click();
    const codes = page.getByTestId("recovery-codes").locator("li");
    await expect(codes).toHaveCount(10);
    recovery = (await codes.allTextContents()).map((c) => c.trim());
    await expectAccessible(page, "Códigos de recuperação");
    await page.getByRole("button", { name: "Guardei os códigos" }).click();
    await expect(page.getByText("Ativa", { exact: true })).toBeVisible();
  });

  await test.step("log out, log in with password and the app's code", async () => {
    await logout(page);
    await loginForm(page, NEW_PASSWORD);
    // the next time step: the one used to turn it on cannot be used again
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
    await enterCode(page, totp.generate({ timestamp: Date.now() + 30_000 }), true);
    await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible();
  });

  await test.step("a recovery code signs in once", async () => {
    await logout(page);
    await loginForm(page, NEW_PASSWORD);
    await enterCode(page, recovery[0] ?? "");
    await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible();
    await logout(page);
    await loginForm(page, NEW_PASSWORD);
    await enterCode(page, recovery[0] ?? "");
    await expect(page.getByRole("alert").filter({ hasText: "Código inválido ou já usado" })).toBeVisible();
  });
});
