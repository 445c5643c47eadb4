import { Flex, Typography } from "antd";
import type { TicketDetail } from "../../../shared/api.js";
import { isClosed } from "../../../shared/status.js";
import { AttachmentList } from "./AttachmentList.js";
import { useRefreshAttachments, useUploadLimits } from "./api.js";
import { FileUploader } from "./FileUploader.js";
import { useUploadQueue } from "./useUploadQueue.js";

export const CLOSED_UPLOAD_REASON = "Atendimento encerrado: use Reabrir para anexar arquivos.";

/** The "Arquivos" tab of the detail drawer: the files attached, and the uploader (sends at once). */
export function TicketAttachmentsPanel({ ticket, enabled }: { ticket: TicketDetail; enabled: boolean }) {
  const limits = useUploadLimits();
  const refresh = useRefreshAttachments();
  const queue = useUploadQueue({
    limits: limits.data,
    ticketId: ticket.id,
    onUploaded: (id) => refresh(id),
    clearDone: true,
  });
  return (
    <Flex vertical gap={16}>
      <section>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          Arquivos anexados
        </Typography.Title>
        <AttachmentList ticketId={ticket.id} enabled={enabled} />
      </section>
      <section>
        <Typography.Title level={5}>Anexar arquivos</Typography.Title>
        <FileUploader
          queue={queue}
          limits={limits.data}
          disabledReason={isClosed(ticket.status) ? CLOSED_UPLOAD_REASON : null}
        />
      </section>
    </Flex>
  );
}
