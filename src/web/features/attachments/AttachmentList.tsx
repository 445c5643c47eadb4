import { DeleteOutlined, DownloadOutlined, FileOutlined } from "@ant-design/icons";
import { Alert, App, Button, Empty, Flex, Popconfirm, Skeleton, Tooltip, Typography } from "antd";
import { useState } from "react";
import { type AttachmentDto, attachmentDownloadPath } from "../../../shared/api.js";
import { errorMessage } from "../../api/client.js";
import { formatBytes, formatDateTime } from "../../components/format.js";
import { attachmentApi, useRefreshAttachments, useTicketAttachments } from "./api.js";

interface Props {
  ticketId: string;
  enabled?: boolean;
  /** shown when there is no file yet */
  emptyText?: string;
}

/** The files already attached to an atendimento: download, and remove while it is open. */
export function AttachmentList({ ticketId, enabled = true, emptyText = "Nenhum arquivo anexado" }: Props) {
  const list = useTicketAttachments(ticketId, enabled);
  if (list.isError) return <Alert type="error" showIcon title={errorMessage(list.error)} />;
  if (!list.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (list.data.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} style={{ margin: "8px 0" }} />;
  }
  return (
    <ul aria-label="Arquivos anexados" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {list.data.map((a) => (
        <AttachmentRow key={a.id} a={a} ticketId={ticketId} />
      ))}
    </ul>
  );
}

function AttachmentRow({ a, ticketId }: { a: AttachmentDto; ticketId: string }) {
  const { message } = App.useApp();
  const refresh = useRefreshAttachments();
  const [removing, setRemoving] = useState(false);

  async function remove() {
    setRemoving(true);
    try {
      await attachmentApi.remove(a.id);
      message.success(`Arquivo ${a.name} removido`);
      await refresh(ticketId);
    } catch (e) {
      message.error(errorMessage(e));
      await refresh(ticketId);
    } finally {
      setRemoving(false);
    }
  }

  return (
    <li
      aria-label={a.name}
      style={{
        display: "flex",
        alignItems: "center",
        gap: 12,
        padding: "10px 0",
        borderBottom: "1px solid #f0f0f0",
      }}
    >
      <FileOutlined style={{ fontSize: 20, color: "#1668dc" }} aria-hidden />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong ellipsis={{ tooltip: a.name }} style={{ display: "block" }}>
          {a.name}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatBytes(a.sizeBytes)} · enviado por {a.uploadedBy.name} em {formatDateTime(a.createdAt)}
        </Typography.Text>
      </div>
      <Flex gap={4} style={{ flex: "none" }}>
        <Button
          size="small"
          icon={<DownloadOutlined aria-hidden />}
          href={attachmentDownloadPath(a.id)}
          download={a.name}
          aria-label={`Baixar ${a.name}`}
        >
          Baixar
        </Button>
        {a.actions.delete ? (
          <Popconfirm
            title="Remover arquivo?"
            description={`"${a.name}" sairá da lista; a remoção fica registrada no histórico.`}
            okText="Remover"
            okButtonProps={{ danger: true }}
            cancelText="Cancelar"
            onConfirm={remove}
          >
            <Button
              size="small"
              danger
              icon={<DeleteOutlined aria-hidden />}
              loading={removing}
              aria-label={`Remover ${a.name}`}
            >
              Remover
            </Button>
          </Popconfirm>
        ) : (
          <Tooltip title="Atendimento encerrado: use Reabrir para remover arquivos">
            <Button
              size="small"
              icon={<DeleteOutlined aria-hidden />}
              disabled
              aria-label={`Remover ${a.name}`}
            >
              Remover
            </Button>
          </Tooltip>
        )}
      </Flex>
    </li>
  );
}
