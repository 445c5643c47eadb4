import { DownOutlined } from "@ant-design/icons";
import { Alert, App, Button, Dropdown, Space, Typography } from "antd";
import { useState } from "react";
import type { BulkActionInput, BulkItemResult, TicketRow } from "../../../shared/api.js";
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

/**
 * Above the grid while rows are selected: the actions that run for all of them (each atendimento in
 * its own transaction on the server), then a summary of what changed and what did not, and why.
 */
export function BulkBar({
  rows,
  onDone,
  onClear,
}: {
  rows: TicketRow[];
  onDone: () => Promise<unknown>;
  onClear: () => void;
}) {
  const { message, modal } = App.useApp();
  const users = useUserOptions();
  const [busy, setBusy] = useState<Action | null>(null);

  const run = async (body: Omit<BulkActionInput, "items">) => {
    setBusy(body.action);
    try {
      const { results } = await ticketApi.bulk({
        ...body,
        items: rows.map((r) => ({ id: r.id, version: r.version })),
      });
      const { title, failures } = summarize(body.action, results, rows);
      if (failures.length === 0) message.success(title);
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

  const n = rows.length;
  return (
    <Alert
      type="info"
      role="region"
      aria-label="Ações em lote"
      title={
        <Space wrap size={[8, 4]} align="center">
          <Typography.Text strong>{n === 1 ? "1 selecionado" : `${n} selecionados`}:</Typography.Text>
          <Dropdown
            trigger={["click"]}
            autoFocus
            disabled={busy !== null}
            menu={{
              items: TICKET_STATUSES.map((s) => ({ key: s, label: STATUS_INFO[s].label })),
              onClick: ({ key }) => void run({ action: "status", status: key as TicketStatus }),
            }}
          >
            <Button size="small" loading={busy === "status"}>
              Alterar status <DownOutlined aria-hidden />
            </Button>
          </Dropdown>
          <Dropdown
            trigger={["click"]}
            autoFocus
            disabled={busy !== null}
            menu={{
              items: (users.data ?? []).map((u) => ({ key: u.id, label: u.name })),
              onClick: ({ key }) => void run({ action: "assignee", assigneeId: key }),
              style: { maxHeight: 320, overflowY: "auto" },
            }}
          >
            <Button size="small" loading={busy === "assignee"}>
              Alterar responsável <DownOutlined aria-hidden />
            </Button>
          </Dropdown>
          <Button
            size="small"
            loading={busy === "notify"}
            disabled={busy !== null && busy !== "notify"}
            onClick={() => void run({ action: "notify" })}
          >
            Notificar
          </Button>
          <Button size="small" type="link" onClick={onClear} disabled={busy !== null}>
            Limpar seleção
          </Button>
        </Space>
      }
    />
  );
}
