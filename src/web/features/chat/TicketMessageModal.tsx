import { Modal } from "antd";
import { useState } from "react";
import type { TicketRow } from "../../../shared/api.js";
import { StatusTag } from "../../components/StatusTag.js";
import { useTicket, useTicketHistory } from "../tickets/api.js";
import { TicketConversation } from "./TicketConversation.js";

/** Opções → Mensagem: the conversation with the client, the files and the history of an atendimento. */
export function TicketMessageModal({ row, onClosed }: { row: TicketRow; onClosed: () => void }) {
  const [open, setOpen] = useState(true);
  // the row may be stale (status changed meanwhile): the detail follows the websocket's refreshes
  const detail = useTicket(row.id);
  const t = detail.data ?? row;
  return (
    <Modal
      open={open}
      onCancel={() => setOpen(false)}
      afterClose={onClosed}
      footer={null}
      width={920}
      destroyOnHidden
      title={
        <span>
          Atendimento {t.protocol} — {t.subject} <StatusTag status={t.status} />
        </span>
      }
    >
      <TicketConversation ticket={t} side="office" useHistory={useTicketHistory} />
    </Modal>
  );
}

export default TicketMessageModal;
