import { Tag } from "antd";
import { STATUS_INFO, type TicketStatus } from "../../shared/status.js";

export function StatusTag({ status }: { status: TicketStatus }) {
  const info = STATUS_INFO[status];
  return (
    <Tag color={info.color} style={{ marginInlineEnd: 0 }}>
      {info.label}
    </Tag>
  );
}

export function ActiveTag({ active }: { active: boolean }) {
  return active ? <Tag color="green">Ativo</Tag> : <Tag>Inativo</Tag>;
}
