import { EditOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Skeleton,
  Space,
  Tabs,
  Timeline,
  Typography,
} from "antd";
import { lazy, Suspense, useState } from "react";
import type { HistoryEvent, TicketDetail } from "../../../shared/api.js";
import { formatCents } from "../../../shared/money.js";
import { errorMessage } from "../../api/client.js";
import { formatDateTime } from "../../components/format.js";
import { StatusTag } from "../../components/StatusTag.js";
import { accountantLabel } from "../../components/selects.js";
import { useTicket, useTicketHistory } from "./api.js";

// the uploader is its own chunk, loaded when the Arquivos tab is first opened
const TicketAttachmentsPanel = lazy(() =>
  import("../attachments/TicketAttachmentsPanel.js").then((m) => ({ default: m.TicketAttachmentsPanel })),
);

const EVENT_LABELS: Record<HistoryEvent["type"], string> = {
  created: "abriu o atendimento",
  updated: "editou o atendimento",
  status_changed: "alterou o status",
  reopened: "reabriu o atendimento",
  notified: "notificou o cliente",
  email: "e-mail ao cliente",
  attachment_added: "anexou um arquivo",
  attachment_removed: "removeu um arquivo",
  message: "enviou uma mensagem",
  debt_posted: "movimentou: lançou débito do cliente",
};

const EVENT_COLORS: Record<HistoryEvent["type"], string> = {
  created: "blue",
  updated: "gray",
  status_changed: "green",
  reopened: "orange",
  notified: "blue",
  email: "gray",
  attachment_added: "cyan",
  attachment_removed: "red",
  message: "blue",
  debt_posted: "purple",
};

/** "Ana Souza alterou o status"; e-mails are written by the system: "E-mail ao cliente" */
function eventTitle(ev: HistoryEvent) {
  const label = EVENT_LABELS[ev.type] ?? "registrou um evento";
  if (!ev.actor)
    return <Typography.Text strong>{label.charAt(0).toUpperCase() + label.slice(1)}</Typography.Text>;
  return (
    <>
      <Typography.Text strong>{ev.actor.name}</Typography.Text> {label}
    </>
  );
}

function changeLine(ev: HistoryEvent, c: HistoryEvent["changes"][number]) {
  // a file event carries the file's name: to when added, from when removed
  if (ev.type === "attachment_added" || ev.type === "attachment_removed") {
    const added = ev.type === "attachment_added";
    return (
      <>
        <Typography.Text type="secondary">{added ? "Arquivo anexado" : "Arquivo removido"}:</Typography.Text>{" "}
        {added ? (c.to ?? c.from ?? "—") : (c.from ?? c.to ?? "—")}
      </>
    );
  }
  // a message event carries the (start of the) text sent
  if (ev.type === "message") {
    return (
      <>
        <Typography.Text type="secondary">
          {c.field === "internalNote" ? "Nota interna" : "Mensagem"}:
        </Typography.Text>{" "}
        <span style={{ whiteSpace: "pre-wrap" }}>{c.to ?? "—"}</span>
      </>
    );
  }
  // an e-mail event carries the subject (from) and what happened to it (to)
  if (ev.type === "email") {
    return (
      <>
        {c.to ?? "—"}
        {c.from && (
          <>
            <br />
            <Typography.Text type="secondary">Assunto: {c.from}</Typography.Text>
          </>
        )}
      </>
    );
  }
  return (
    <>
      <Typography.Text type="secondary">{c.label}:</Typography.Text> {c.from ?? "—"} → {c.to ?? "—"}
    </>
  );
}

interface Props {
  id: string | null;
  onClose: () => void;
  onEdit: (id: string) => void;
}

export function TicketDrawer({ id, onClose, onEdit }: Props) {
  const [tab, setTab] = useState("atendimento");
  const ticket = useTicket(id);
  const t = ticket.data;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={720}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) setTab("atendimento");
      }}
      title={t ? `Atendimento ${t.protocol}` : "Atendimento"}
      extra={
        t?.actions.edit && (
          <Button icon={<EditOutlined aria-hidden />} onClick={() => onEdit(t.id)}>
            Editar
          </Button>
        )
      }
    >
      {ticket.isError ? (
        <Alert type="error" showIcon title={errorMessage(ticket.error)} />
      ) : !t ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: "atendimento", label: "Atendimento", children: <TicketFields t={t} /> },
            {
              key: "arquivos",
              label: "Arquivos",
              children: (
                <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
                  <TicketAttachmentsPanel ticket={t} enabled={tab === "arquivos"} />
                </Suspense>
              ),
            },
            {
              key: "historico",
              label: "Histórico",
              children: <TicketHistory id={t.id} enabled={tab === "historico"} />,
            },
          ]}
        />
      )}
    </Drawer>
  );
}

function TicketFields({ t }: { t: TicketDetail }) {
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 180 } }}
        items={[
          { key: "protocol", label: "Protocolo", children: t.protocol },
          { key: "status", label: "Status", children: <StatusTag status={t.status} /> },
          { key: "requester", label: "Solicitante", children: t.requester.name },
          { key: "service", label: "Serviço", children: t.service?.name ?? dash },
          {
            key: "accountant",
            label: "Contador",
            children: t.accountant ? accountantLabel(t.accountant) : dash,
          },
          { key: "accountantName", label: "Nome", children: t.accountant?.name ?? dash },
          { key: "assignee", label: "Responsável", children: t.assignee?.name ?? dash },
          { key: "subject", label: "Assunto", children: t.subject },
          { key: "amount", label: "Valor do Serviço", children: formatCents(t.amountCents) },
          { key: "createdAt", label: "Data de Abertura", children: formatDateTime(t.createdAt) },
          { key: "updatedAt", label: "Atualizado", children: formatDateTime(t.updatedAt) },
          { key: "createdBy", label: "Aberto por", children: t.createdBy.name },
        ]}
      />
      <div>
        <Typography.Title level={5}>Descrição</Typography.Title>
        {t.description ? (
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>
            {t.description}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">Sem descrição.</Typography.Text>
        )}
      </div>
    </Space>
  );
}

function TicketHistory({ id, enabled }: { id: string; enabled: boolean }) {
  const history = useTicketHistory(id, enabled);
  if (history.isError) return <Alert type="error" showIcon title={errorMessage(history.error)} />;
  if (!history.data) return <Skeleton active />;
  return <HistoryTimeline events={history.data} />;
}

/** The timeline of an atendimento's events (also used by the Mensagem screen and the portal). */
export function HistoryTimeline({ events }: { events: HistoryEvent[] }) {
  if (events.length === 0) return <Empty description="Nenhum evento registrado" />;
  return (
    <Timeline
      style={{ marginTop: 8 }}
      items={events.map((ev) => ({
        key: ev.id,
        color: EVENT_COLORS[ev.type] ?? "gray",
        content: (
          <div>
            <div>{eventTitle(ev)}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(ev.createdAt)}
            </Typography.Text>
            {ev.changes.length > 0 && (
              <ul style={{ margin: "4px 0 0", paddingInlineStart: 18 }}>
                {ev.changes.map((c) => (
                  <li key={c.field}>{changeLine(ev, c)}</li>
                ))}
              </ul>
            )}
          </div>
        ),
      }))}
    />
  );
}
