import { expect, test } from "@playwright/test";
import { login, pick } from "./helpers";

test("add an atendimento, find it, change its status, edit it and read its history", async ({ page }) => {
  await login(page);
  const subject = `Balanço patrimonial ${Date.now()}`;

  // Adicionar: the service price pre-fills the value, the Nome follows the Contador
  await page.getByRole("button", { name: "Adicionar" }).click();
  const dialog = page.getByRole("dialog", { name: "Novo atendimento" });
  await expect(dialog.getByRole("tab", { name: "Atendimento" })).toBeVisible();
  await pick(dialog, page, "Solicitante", "Padaria Pão Dourado Ltda", "pao dourado");
  // the client's default accountant is pre-selected, and its name fills Nome
  await expect(dialog.getByLabel("Nome", { exact: true })).toHaveValue("Roberto Carlos Almeida");
  await pick(dialog, page, "Serviço", "Declaração de IRPF");
  await expect(dialog.getByLabel("Valor do Serviço")).toHaveValue("350,00");
  await pick(dialog, page, "Contador", "Fernanda Ribeiro");
  await expect(dialog.getByLabel("Nome", { exact: true })).toHaveValue("Fernanda Ribeiro");
  await pick(dialog, page, "Responsável", "Bruno Lima");
  await dialog.getByLabel("Assunto").fill(subject);
  await dialog.getByLabel("Descrição").fill("Levantamento das contas de 2026 — ações pendentes.");
  await dialog.getByLabel("Valor do Serviço").fill("1.234,56");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(dialog).toBeHidden();

  // find it with the search box (accent-insensitive) and check the grid columns
  await page.getByLabel("Buscar").fill("balanco patrimonial");
  await page.getByLabel("Buscar").press("Enter");
  await expect(page).toHaveURL(/q=balanco/);
  const row = page.locator("tr.ant-table-row").filter({ hasText: subject });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Padaria Pão Dourado Ltda");
  await expect(row).toContainText("Bruno Lima");
  await expect(row).toContainText("R$\u00a01.234,56");
  await expect(row).toContainText("Declaração de IRPF");
  await expect(row).toContainText("Aberto");
  await expect(row.getByRole("button", { name: "Notificar" })).toBeEnabled();

  // status button to the left of the Status
  await row.getByRole("button", { name: "Alterar status" }).click();
  await page.getByRole("menuitem", { name: "Analisando" }).click();
  await expect(page.getByText("Status alterado para Analisando")).toBeVisible();
  await expect(row).toContainText("Analisando");
  await expect(row.getByRole("button", { name: "Notificar" })).toBeDisabled();

  // Editar with the same form
  await row.getByRole("button", { name: "Editar" }).click();
  const edit = page.getByRole("dialog", { name: /Editar atendimento \d{4}\/\d{6}/ });
  await expect(edit.getByLabel("Assunto")).toHaveValue(subject);
  await edit.getByLabel("Assunto").fill(`${subject} revisado`);
  await edit.getByLabel("Valor do Serviço").fill("1.500,00");
  await edit.getByRole("button", { name: "Salvar" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("R$\u00a01.500,00");

  // finish it: a closed atendimento only changes through Reabrir
  await row.getByRole("button", { name: "Alterar status" }).click();
  await page.getByRole("menuitem", { name: "Finalizado" }).click();
  await expect(row).toContainText("Finalizado");
  await expect(row.getByRole("button", { name: "Alterar status" })).toBeDisabled();
  await expect(row.getByRole("button", { name: "Editar" })).toBeDisabled();
  await row.getByRole("button", { name: "Reabrir" }).click();
  await expect(row).toContainText("Reaberto");

  // Histórico: who, when, from → to
  await row.getByRole("link", { name: `${subject} revisado` }).click();
  const drawer = page.getByRole("dialog", { name: /Atendimento \d{4}\/\d{6}/ });
  await drawer.getByRole("tab", { name: "Histórico" }).click();
  const history = drawer.getByRole("tabpanel", { name: "Histórico" });
  await expect(history).toContainText("Ana Souza");
  await expect(history).toContainText(`${subject} revisado`);
  await expect(history).toContainText("R$\u00a01.234,56");
  await expect(history).toContainText("R$\u00a01.500,00");
  await expect(history).toContainText("Analisando");
  await expect(history).toContainText("Finalizado");
  await expect(history).toContainText("Reaberto");
  await expect(history).toContainText(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
});

test("filters live in the URL and survive a reload", async ({ page }) => {
  await login(page);
  await page.goto("/atendimentos?status=finished&sort=amount&order=desc");
  const rows = page.locator("tr.ant-table-row");
  await expect(rows.first()).toBeVisible();
  const statuses = await rows.locator("td:last-child .ant-tag").allTextContents();
  expect(statuses.length).toBeGreaterThan(0);
  for (const s of statuses) expect(s).toContain("Finalizado");
  await page.reload();
  await expect(page).toHaveURL(/status=finished/);
  await expect(rows.first()).toContainText("Finalizado");
});

test("a stale edit gets a clear conflict and nothing is overwritten", async ({ page, browser }) => {
  await login(page);
  await page.getByLabel("Buscar").fill("rescisao");
  await page.getByLabel("Buscar").press("Enter");
  const row = page
    .locator("tr.ant-table-row")
    .filter({ has: page.getByRole("button", { name: "Editar" }).and(page.locator(":enabled")) })
    .first();
  await row.getByRole("button", { name: "Editar" }).click();
  const edit = page.getByRole("dialog", { name: /Editar atendimento/ });
  await expect(edit.getByLabel("Assunto")).not.toHaveValue("");
  const original = await edit.getByLabel("Assunto").inputValue();

  // someone else saves first, in another browser session
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await login(otherPage, { email: "bruno@demo.atende.com.br", password: "atende123" });
  const protocol = (await edit.textContent())?.match(/\d{4}\/\d{6}/)?.[0] ?? "";
  await otherPage.getByLabel("Buscar").fill(protocol);
  await otherPage.getByLabel("Buscar").press("Enter");
  const otherRow = otherPage.locator("tr.ant-table-row").filter({ hasText: protocol });
  await otherRow.getByRole("button", { name: "Editar" }).click();
  const otherEdit = otherPage.getByRole("dialog", { name: /Editar atendimento/ });
  await expect(otherEdit.getByLabel("Assunto")).toHaveValue(original);
  await otherEdit.getByLabel("Assunto").fill(`${original} (Bruno)`);
  await otherEdit.getByRole("button", { name: "Salvar" }).click();
  await expect(otherEdit).toBeHidden();
  await other.close();

  await edit.getByLabel("Assunto").fill(`${original} (Ana)`);
  await edit.getByRole("button", { name: "Salvar" }).click();
  await expect(edit.getByRole("alert").filter({ hasText: "Conflito de edição" })).toContainText(
    "alterado por outra pessoa",
  );
  await edit.getByRole("button", { name: "Recarregar dados" }).click();
  await expect(edit.getByLabel("Assunto")).toHaveValue(`${original} (Bruno)`);
});

test("bad input is shown beside the field and nothing is saved", async ({ page }) => {
  await login(page);
  await page.goto("/clientes");
  await page.getByRole("button", { name: "Adicionar" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome / Razão social").fill("Empresa Inválida Ltda");
  await dialog.getByLabel("CNPJ ou CPF").fill("11.222.333/0001-00");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(dialog.getByText("CNPJ ou CPF inválido")).toBeVisible();
  await dialog.getByLabel("CNPJ ou CPF").fill("Z9.X8W.7V6/0001-75");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(dialog).toBeHidden();
  await page.getByPlaceholder(/Buscar/).fill("Empresa Inválida");
  await expect(page.locator("tr.ant-table-row").filter({ hasText: "Z9.X8W.7V6/0001-75" })).toHaveCount(1);
});

/** English words antd would show without its pt-BR locale (titles and aria-labels included). */
const ENGLISH =
  /\b(page|Page|Go to|Jump to|items|Today|Now|Previous|Next|Select|month|year|Su|Mo|Tu|We|Th|Fr|Sa|Jan|Feb|Apr|May|Aug|Sep|Oct|Dec|January|February|March|April|June|July|August|September|October|November|December|No data|Cancel)\b/;

/** The visible text plus every title and aria-label inside the element. */
const wording = (el: Element) =>
  [
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, one cell per line (textContent runs "SuMoTu" together)
    (el as HTMLElement).innerText,
    ...[...el.querySelectorAll("[title],[aria-label]")].flatMap((e) => [
      e.getAttribute("title") ?? "",
      e.getAttribute("aria-label") ?? "",
    ]),
  ].join("\n");

test("antd speaks Portuguese: the grid's pagination and the date picker", async ({ page }) => {
  await login(page);
  const pager = page.locator(".ant-table-pagination");
  await expect(pager).toBeVisible();
  await expect(pager).toContainText("/ página");
  await expect(pager.locator(".ant-pagination-next")).toHaveAttribute("title", "Próxima página");
  expect(await pager.evaluate(wording)).not.toMatch(ENGLISH);
  // the page sizes offered
  await pager.locator(".ant-select").click();
  const sizes = page.locator(".ant-select-dropdown:visible");
  await expect(sizes).toContainText("50 / página");
  expect(await sizes.evaluate(wording)).not.toMatch(ENGLISH);
  await page.keyboard.press("Escape");

  // the date picker of the filters: months and weekdays in Portuguese
  await page.getByPlaceholder("Aberto de").click();
  const picker = page.locator(".ant-picker-dropdown:visible");
  await expect(picker).toBeVisible();
  await expect(picker.locator(".ant-picker-header-view").first()).toContainText(
    /jan|fev|mar|abr|mai|jun|jul|ago|set|out|nov|dez/i,
  );
  await expect(picker.locator("thead th").first()).toHaveText(/^dom?$/i);
  expect(await picker.evaluate(wording)).not.toMatch(ENGLISH);
  await page.keyboard.press("Escape");
});
