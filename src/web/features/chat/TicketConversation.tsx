import type { UseQueryResult } from "@tanstack/react-query";
import { Alert, Flex, Skeleton, Tabs, Typography } from "antd";
import { useState } from "react";
import type { HistoryEvent, MessageDto } from "../../../shared/api.js";
import { isClosed, type TicketStatus } from "../../../shared/status.js";
import { errorMessage } from "../../api/client.js";
import { AttachmentList } from "../attachments/AttachmentList.js";
import { useRefreshAttachments, useUploadLimits } from "../attachments/api.js";
import { FileUploader } from "../attachments/FileUploader.js";
import { CLOSED_UPLOAD_REASON } from "../attachments/TicketAttachmentsPanel.js";
import { useUploadQueue } from "../attachments/useUploadQueue.js";
import { HistoryTimeline } from "../tickets/TicketDrawer.js";
import { ChatPanel } from "./ChatPanel.js";

interface Props {
  ticket: { id: string; status: TicketStatus };
  side: MessageDto["author"]["side"];
  /** the history of the side using the screen (staff: everything; client: what is meant for them) */
  useHistory: (id: string, enabled: boolean) => UseQueryResult<HistoryEvent[]>;
}

/** Chat, Arquivos and Histórico of an atendimento: the Mensagem screen and the portal's detail. */
export function TicketConversation({ ticket, side, useHistory }: Props) {
  const [tab, setTab] = useState("chat");
  const closedReason = isClosed(ticket.status) ? CLOSED_UPLOAD_REASON : null;
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        {
          key: "chat",
          label: "Chat",
          children: (
            <ChatPanel
              ticketId={ticket.id}
              side={side}
              active={tab === "chat"}
              uploadDisabledReason={closedReason}
            />
          ),
        },
        {
          key: "arquivos",
          label: "Arquivos",
          children: (
            <FilesTab
              ticketId={ticket.id}
              enabled={tab === "arquivos"}
              closedReason={closedReason}
              canAttach={side === "office"}
              onOpenChat={() => setTab("chat")}
            />
          ),
        },
        {
          key: "historico",
          label: "Histórico",
          children: <HistoryTab id={ticket.id} enabled={tab === "historico"} useHistory={useHistory} />,
        },
      ]}
    />
  );
}

function FilesTab({
  ticketId,
  enabled,
  closedReason,
  canAttach,
  onOpenChat,
}: {
  ticketId: string;
  enabled: boolean;
  closedReason: string | null;
  /** office staff attach files here; a client user sends them through the chat */
  canAttach: boolean;
  onOpenChat: () => void;
}) {
  const limits = useUploadLimits();
  const refresh = useRefreshAttachments();
  const queue = useUploadQueue({
    limits: limits.data,
    ticketId,
    onUploaded: (id) => refresh(id),
    clearDone: true,
  });
  return (
    <Flex vertical gap={16}>
      <section>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          Arquivos anexados
        </Typography.Title>
        <AttachmentList ticketId={ticketId} enabled={enabled} />
      </section>
      {canAttach ? (
        <section>
          <Typography.Title level={5}>Anexar arquivos</Typography.Title>
          <FileUploader queue={queue} limits={limits.data} disabledReason={closedReason} />
        </section>
      ) : (
        <Typography.Text type="secondary">
          Para enviar arquivos ao escritório, use o{" "}
          <Typography.Link onClick={onOpenChat}>Chat</Typography.Link> (botão de clipe ou arraste os
          arquivos).
        </Typography.Text>
      )}
    </Flex>
  );
}

function HistoryTab({
  id,
  enabled,
  useHistory,
}: {
  id: string;
  enabled: boolean;
  useHistory: Props["useHistory"];
}) {
  const history = useHistory(id, enabled);
  if (history.isError) return <Alert type="error" showIcon title={errorMessage(history.error)} />;
  if (!history.data) return <Skeleton active />;
  return <HistoryTimeline events={history.data} />;
}
