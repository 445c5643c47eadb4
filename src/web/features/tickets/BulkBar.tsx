import { DownOutlined } from "@ant-design/icons";
import { App, Button, Checkbox, Dropdown, Typography, theme } from "antd";
import { useState } from "react";
import {
  BULK_MAX_ITEMS,
  type BulkActionInput,
  type BulkItemResult,
  type TicketRow,
} from "../../../shared/api.js";
import { STATUS_INFO, TICKET_STATUSES, type TicketStatus } from "../../../shared/status.js";
import { errorMessage } from "../../api/client.js";
import { useUserOptions } from "../../api/options.js";
import { ticketApi } from "./api.js";

type Action = BulkActionInput["action"];

const DONE: Record<Action, [string, string]> = {
  status: ["alterado", "alterados"],
  assignee: ["alterado", "alterados"],
  notify: ["notificado", "notificados"],
};
const NOT_DONE: Record<Action, [string, string]> = {
  status: ["não alterado", "não alterados"],
  assignee: ["não alterado", "não alterados"],
  notify: ["não notificado", "não notificados"],
};
const plural = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

/** "3 alterados, 1 não alterado" and, for each failure, the protocol and the server's reason. */
export function summarize(action: Action, results: BulkItemResult[], rows: TicketRow[]) {
  const ok = results.filter((r) => r.ok).length;
  const failed = results.flatMap((r) => (r.ok ? [] : [r]));
  const protocol = (id: string) => rows.find((r) => r.id === id)?.protocol ?? id;
  const title = [plural(ok, DONE[action]), failed.length ? plural(failed.length, NOT_DONE[action]) : null]
    .filter(Boolean)
    .join(", ");
  return { title, failures: failed.map((f) => ({ protocol: protocol(f.id), message: f.error.message })) };
}

export function selectedLabel(n: number) {
  if (n === 0) return "Nenhum selecionado";
  return n === 1 ? "1 selecionado" : `${n} selecionados`;
}

/**
 * Above the grid, always there (the same height with or without a selection, so a refetch or a
 * check never moves the rows or the buttons under the pointer): "Selecionar todos da página", how
 * many are checked, and the actions that run for all of them — each atendimento in its own
 * transaction on the server — then a summary of what changed and what did not, and why.
 */
export function BulkBar({
  selected,
  pageRows,
  onSelect,
  onClear,
  onDone,
}: {
  /** the checked rows (possibly some of another refetch that are no longer on screen) */
  selected: TicketRow[];
  /** the rows on screen, for "Selecionar todos da página" */
  pageRows: TicketRow[];
  onSelect: (ids: string[]) => void;
  onClear: () => void;
  onDone: () => Promise<unknown>;
}) {
  const { message, modal } = App.useApp();
  const { token } = theme.useToken();
  const users = useUserOptions();
  const [busy, setBusy] = useState<Action | null>(null);

  const n = selected.length;
  const tooMany = n > BULK_MAX_ITEMS;
  const idle = busy === null;
  const canRun = n > 0 && !tooMany && idle;
  const selectedIds = new Set(selected.map((r) => r.id));
  const onPage = pageRows.filter((r) => selectedIds.has(r.id)).length;
  const allOnPage = pageRows.length > 0 && onPage === pageRows.length;

  const togglePage = (checked: boolean) => {
    const pageIds = new Set(pageRows.map((r) => r.id));
    const others = selected.map((r) => r.id).filter((id) => !pageIds.has(id));
    onSelect(checked ? [...others, ...pageIds] : others);
  };

  const run = async (body: Omit<BulkActionInput, "items">) => {
    const rows = selected;
    setBusy(body.action);
    try {
      const { results } = await ticketApi.bulk({
        ...body,
        items: rows.map((r) => ({ id: r.id, version: r.version })),
      });
      const { title, failures } = summarize(body.action, results, rows);
      if (failures.length === 0) message.success(title, 6);
      else
        modal.warning({
          title,
          okText: "Fechar",
          width: 560,
          content: (
            <ul style={{ paddingInlineStart: 20, margin: 0 }}>
              {failures.map((f) => (
                <li key={f.protocol}>
                  <strong>{f.protocol}</strong> — {f.message}
                </li>
              ))}
            </ul>
          ),
        });
      onClear();
      await onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section
      aria-label="Ações em lote"
      style={{
        display: "flex",
        flexWrap: "wrap",
        alignItems: "center",
        gap: "4px 12px",
        minHeight: 40,
        padding: "4px 12px",
        borderRadius: token.borderRadius,
        border: `1px solid ${n > 0 ? token.colorInfoBorder : token.colorBorderSecondary}`,
        background: n > 0 ? token.colorInfoBg : token.colorFillQuaternary,
      }}
    >
      <Checkbox
        checked={allOnPage}
        indeterminate={onPage > 0 && !allOnPage}
        disabled={pageRows.length === 0 || !idle}
        onChange={(e) => togglePage(e.target.checked)}
      >
        Selecionar todos da página
      </Checkbox>
      <Typography.Text strong aria-live="polite" style={{ minWidth: 120 }}>
        {selectedLabel(n)}
      </Typography.Text>
      {tooMany && (
        <Typography.Text type="danger">No máximo {BULK_MAX_ITEMS} por vez: desmarque alguns.</Typography.Text>
      )}
      <Dropdown
        trigger={["click"]}
        disabled={!canRun}
        menu={{
          items: TICKET_STATUSES.map((s) => ({ key: s, label: STATUS_INFO[s].label })),
          onClick: ({ key }) => void run({ action: "status", status: key as TicketStatus }),
        }}
      >
        <Button size="small" disabled={!canRun} loading={busy === "status"}>
          Alterar status <DownOutlined aria-hidden />
        </Button>
      </Dropdown>
      <Dropdown
        trigger={["click"]}
        disabled={!canRun}
        menu={{
          items: (users.data ?? []).map((u) => ({ key: u.id, label: u.name })),
          onClick: ({ key }) => void run({ action: "assignee", assigneeId: key }),
          style: { maxHeight: 320, overflowY: "auto" },
        }}
      >
        <Button size="small" disabled={!canRun} loading={busy === "assignee"}>
          Alterar responsável <DownOutlined aria-hidden />
        </Button>
      </Dropdown>
      <Button
        size="small"
        disabled={!canRun}
        loading={busy === "notify"}
        onClick={() => void run({ action: "notify" })}
      >
        Notificar
      </Button>
      <Button size="small" type="link" onClick={onClear} disabled={n === 0 || !idle}>
        Limpar seleção
      </Button>
    </section>
  );
}
