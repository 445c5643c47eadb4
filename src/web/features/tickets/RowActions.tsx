import {
  BellOutlined,
  DollarOutlined,
  EditOutlined,
  MessageOutlined,
  RollbackOutlined,
  SwapOutlined,
} from "@ant-design/icons";
import { Button, Dropdown, Space, Tooltip } from "antd";
import type { ReactNode } from "react";
import type { TicketRow } from "../../../shared/api.js";
import { STATUS_INFO, type TicketStatus } from "../../../shared/status.js";
import { StatusTag } from "../../components/StatusTag.js";

export const TOOLTIPS = {
  reopen: "Reabrir",
  reopenDisabled: "Reabrir só fica disponível para atendimento cancelado, rejeitado ou finalizado",
  notify: "Notificar",
  notifyDisabled: "Notificar só fica disponível enquanto o atendimento é novo, sem edições ou movimentações",
  edit: "Editar",
  editDisabled: "Atendimento encerrado: use Reabrir para alterá-lo",
  message: "Mensagem",
  messageDisabled: "Vincule um usuário ao cliente no cadastro de usuários para conversar",
  move: "Movimentar: lançar o valor como débito do cliente",
  moveDisabled: "Atendimento cancelado ou rejeitado: não há valor a lançar como débito",
  status: "Alterar status",
  statusDisabled: "Atendimento encerrado: use Reabrir",
};

interface IconActionProps {
  label: string;
  tooltip: string;
  icon: ReactNode;
  enabled: boolean;
  loading?: boolean;
  onClick: () => void;
}

/** An icon button whose accessible name is the option's name; disabled ones still show why (tooltip). */
function IconAction({ label, tooltip, icon, enabled, loading, onClick }: IconActionProps) {
  return (
    <Tooltip title={tooltip}>
      <Button
        size="small"
        type="text"
        aria-label={label}
        icon={icon}
        disabled={!enabled}
        loading={loading}
        onClick={onClick}
      />
    </Tooltip>
  );
}

export interface RowHandlers {
  onReopen: (row: TicketRow) => void;
  onNotify: (row: TicketRow) => void;
  onEdit: (row: TicketRow) => void;
  onMessage: (row: TicketRow) => void;
  onMove: (row: TicketRow) => void;
  onChangeStatus: (row: TicketRow, status: TicketStatus) => void;
  /** "<rowId>:<action>" while that action is running */
  busy: string | null;
}

export function OptionsCell({ row, h }: { row: TicketRow; h: RowHandlers }) {
  const a = row.actions;
  return (
    <Space size={0}>
      <IconAction
        label="Reabrir"
        tooltip={a.reopen ? TOOLTIPS.reopen : TOOLTIPS.reopenDisabled}
        icon={<RollbackOutlined aria-hidden />}
        enabled={a.reopen}
        loading={h.busy === `${row.id}:reopen`}
        onClick={() => h.onReopen(row)}
      />
      <IconAction
        label="Notificar"
        tooltip={a.notify ? TOOLTIPS.notify : TOOLTIPS.notifyDisabled}
        icon={<BellOutlined aria-hidden />}
        enabled={a.notify}
        loading={h.busy === `${row.id}:notify`}
        onClick={() => h.onNotify(row)}
      />
      <IconAction
        label="Editar"
        tooltip={a.edit ? TOOLTIPS.edit : TOOLTIPS.editDisabled}
        icon={<EditOutlined aria-hidden />}
        enabled={a.edit}
        onClick={() => h.onEdit(row)}
      />
      <IconAction
        label="Mensagem"
        tooltip={a.message ? TOOLTIPS.message : TOOLTIPS.messageDisabled}
        icon={<MessageOutlined aria-hidden />}
        enabled={a.message}
        onClick={() => h.onMessage(row)}
      />
      <IconAction
        label="Movimentar"
        tooltip={a.move ? TOOLTIPS.move : TOOLTIPS.moveDisabled}
        icon={<DollarOutlined aria-hidden />}
        enabled={a.move}
        onClick={() => h.onMove(row)}
      />
    </Space>
  );
}

/** The status tag with, on its left, the button that changes it (as in the original screen). */
export function StatusCell({ row, h }: { row: TicketRow; h: RowHandlers }) {
  const targets = row.actions.changeStatus;
  const enabled = targets.length > 0;
  const button = (
    <Button
      size="small"
      aria-label="Alterar status"
      icon={<SwapOutlined aria-hidden />}
      disabled={!enabled}
      loading={h.busy === `${row.id}:status`}
    />
  );
  return (
    <Space size={6} wrap={false}>
      {enabled ? (
        <Dropdown
          trigger={["click"]}
          // opened with Enter or Space, the focus goes into the menu: the arrows work at once
          autoFocus
          menu={{
            items: targets.map((s) => ({
              key: s,
              label: (
                <Space size={8}>
                  <StatusDot status={s} />
                  {STATUS_INFO[s].label}
                </Space>
              ),
            })),
            onClick: ({ key }) => h.onChangeStatus(row, key as TicketStatus),
          }}
        >
          <Tooltip title={TOOLTIPS.status} placement="left">
            {button}
          </Tooltip>
        </Dropdown>
      ) : (
        <Tooltip title={TOOLTIPS.statusDisabled}>{button}</Tooltip>
      )}
      <StatusTag status={row.status} />
    </Space>
  );
}

const DOT_COLORS: Record<string, string> = {
  blue: "#1677ff",
  geekblue: "#2f54eb",
  gold: "#faad14",
  orange: "#fa8c16",
  default: "#bfbfbf",
  red: "#f5222d",
  green: "#52c41a",
};

function StatusDot({ status }: { status: TicketStatus }) {
  const color = DOT_COLORS[STATUS_INFO[status].color] ?? "#bfbfbf";
  return (
    <span
      aria-hidden
      style={{ display: "inline-block", width: 8, height: 8, borderRadius: "50%", background: color }}
    />
  );
}
