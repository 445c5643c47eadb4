import { EyeOutlined, SendOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useCallback, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import {
  EMAIL_STATE_LABELS,
  EMAIL_STATES,
  type EmailDto,
  type EmailOutcome,
  type EmailState,
} from "../../../shared/api.js";
import { nextAttemptText } from "../../../shared/mail.js";
import { errorMessage } from "../../api/client.js";
import { formatDateTime } from "../../components/format.js";
import { PageHeader } from "../../components/PageHeader.js";
import { RefreshButton } from "../../components/RefreshButton.js";
import { type EmailListParams, mailApi, mailKeys, useEmail, useEmailList } from "./api.js";

const PAGE_SIZES = [10, 20, 50, 100];

export const EMAIL_STATE_COLORS: Record<EmailState, string> = {
  queued: "blue",
  sending: "blue",
  sent: "green",
  retrying: "orange",
  failed: "red",
  not_configured: "red",
  no_recipient: "red",
};

const KIND_LABELS: Record<EmailDto["kind"], string> = {
  status_changed: "Alteração de status",
  ticket_notice: "Notificação do atendimento",
  test: "E-mail de teste",
  invitation: "Convite para o portal",
  message_digest: "Resumo de mensagens",
  inbound_ack: "Confirmação de e-mail recebido",
  collection: "Cobrança",
  collection_reminder: "Lembrete de cobrança",
  signup_confirmation: "Confirmação de cadastro",
  signup_existing: "Tentativa de cadastro",
  password_reset: "Redefinição de senha",
};

export function EmailStateTag({ state }: { state: EmailState }) {
  return (
    <Tag color={EMAIL_STATE_COLORS[state]} style={{ marginInlineEnd: 0, whiteSpace: "normal" }}>
      {EMAIL_STATE_LABELS[state]}
    </Tag>
  );
}

/** The state, and for a retry when the next automatic attempt is due ("nova tentativa às 14:05"). */
function EmailSituation({ email }: { email: Pick<EmailDto, "state" | "nextAttemptAt"> }) {
  return (
    <>
      <EmailStateTag state={email.state} />
      {email.state === "retrying" && email.nextAttemptAt && (
        <div style={{ fontSize: 12 }}>
          <Typography.Text type="secondary">{nextAttemptText(email.nextAttemptAt)}</Typography.Text>
        </div>
      )}
    </>
  );
}

function isState(v: string | null): v is EmailState {
  return v !== null && (EMAIL_STATES as readonly string[]).includes(v);
}

/** Page, size and state filter live in the URL (?situacao=failed&page=2). */
function useEmailParams() {
  const [params, setParams] = useSearchParams();
  const stateParam = params.get("situacao");
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const sizeRaw = Number.parseInt(params.get("pageSize") ?? "20", 10);
  const query: EmailListParams = {
    page,
    pageSize: sizeRaw >= 1 && sizeRaw <= 200 ? sizeRaw : 20,
    state: isState(stateParam) ? stateParam : undefined,
  };
  const update = useCallback(
    (patch: { state?: EmailState | null; page?: number; pageSize?: number }) => {
      setParams((prev) => {
        const out = new URLSearchParams(prev);
        if ("state" in patch) {
          if (patch.state) out.set("situacao", patch.state);
          else out.delete("situacao");
          out.delete("page");
        }
        if (patch.page !== undefined) {
          if (patch.page > 1) out.set("page", String(patch.page));
          else out.delete("page");
        }
        if (patch.pageSize !== undefined) {
          if (patch.pageSize !== 20) out.set("pageSize", String(patch.pageSize));
          else out.delete("pageSize");
        }
        return out;
      });
    },
    [setParams],
  );
  return { query, update };
}

/** The subject without the "[Atendimento 2026/000123] " the Atendimento column already shows. */
function shortSubject(e: EmailDto): string {
  const prefix = e.ticket ? `[Atendimento ${e.ticket.protocol}] ` : null;
  return prefix && e.subject.startsWith(prefix) ? e.subject.slice(prefix.length) : e.subject;
}

function ticketLink(ticket: EmailDto["ticket"]) {
  if (!ticket) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Link
      to={`/atendimentos?q=${encodeURIComponent(ticket.protocol)}`}
      aria-label={`Abrir atendimento ${ticket.protocol}`}
    >
      {ticket.protocol}
    </Link>
  );
}

/** The debt of a cobrança or reminder, linking to it in Contas a receber. */
function DebtLine({ debt }: { debt: NonNullable<EmailDto["debt"]> }) {
  return (
    <div
      style={{ fontSize: 12, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
      title={debt.description}
    >
      <Typography.Text type="secondary">Débito: </Typography.Text>
      <Link to={`/financeiro/contas-a-receber?debito=${encodeURIComponent(debt.id)}`}>
        {debt.description}
      </Link>
    </div>
  );
}

export default function EmailsPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { query, update } = useEmailParams();
  const list = useEmailList(query);
  const [viewing, setViewing] = useState<EmailDto | null>(null);
  const [resending, setResending] = useState<string | null>(null);

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: mailKeys.emails }),
    [queryClient],
  );

  const showOutcome = useCallback(
    (o: EmailOutcome) => {
      if (o.ok) message.success(o.message, 5);
      else if (o.state === "retrying") message.warning(o.message, 8);
      else message.error(o.message, 8);
    },
    [message],
  );

  const resend = useCallback(
    async (email: EmailDto) => {
      setResending(email.id);
      try {
        showOutcome(await mailApi.resend(email.id));
      } catch (e) {
        message.error(errorMessage(e));
      } finally {
        setResending(null);
        await refresh();
      }
    },
    [message, refresh, showOutcome],
  );

  const columns = useMemo<TableColumnsType<EmailDto>>(
    () => [
      {
        title: "Data",
        dataIndex: "createdAt",
        width: 130,
        render: (v: string) => formatDateTime(v),
      },
      {
        title: "Atendimento",
        key: "ticket",
        width: 105,
        render: (_, e) => ticketLink(e.ticket),
      },
      {
        title: "Para",
        key: "to",
        width: 180,
        ellipsis: { showTitle: false },
        render: (_, e) =>
          e.to.length > 0 ? (
            <Tooltip
              title={
                e.failingRecipients.length
                  ? `${e.to.join(", ")} — endereço com falha de entrega: ${e.failingRecipients.join(", ")}`
                  : e.to.join(", ")
              }
              placement="topLeft"
            >
              {e.to.join(", ")}
              {e.failingRecipients.length > 0 && (
                <Typography.Text type="danger" style={{ display: "block", fontSize: 12 }}>
                  endereço com falha
                </Typography.Text>
              )}
            </Tooltip>
          ) : (
            <Typography.Text type="secondary">sem destinatário</Typography.Text>
          ),
      },
      {
        title: "Assunto",
        dataIndex: "subject",
        // Assunto and Erro share what the fixed columns leave
        ellipsis: { showTitle: false },
        render: (v: string, e) => (
          <>
            <Tooltip title={v} placement="topLeft">
              {shortSubject(e)}
            </Tooltip>
            {e.debt && <DebtLine debt={e.debt} />}
          </>
        ),
      },
      {
        title: "Situação",
        dataIndex: "state",
        width: 160,
        render: (_, e) => <EmailSituation email={e} />,
      },
      { title: "Tentativas", dataIndex: "attempts", width: 92, align: "center" },
      {
        title: "Erro",
        dataIndex: "lastError",
        ellipsis: { showTitle: false },
        render: (v: string | null) =>
          v ? (
            <Tooltip title={v} placement="topLeft">
              <Typography.Text type="danger">{v}</Typography.Text>
            </Tooltip>
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          ),
      },
      {
        title: "Ações",
        key: "actions",
        width: 176,
        fixed: "right",
        render: (_, e) => (
          <Space size={4}>
            <Button
              size="small"
              icon={<EyeOutlined aria-hidden />}
              onClick={() => setViewing(e)}
              aria-label={`Ver e-mail ${e.subject}`}
            >
              Ver
            </Button>
            {e.canResend && (
              <Button
                size="small"
                icon={<SendOutlined aria-hidden />}
                loading={resending === e.id}
                disabled={resending !== null && resending !== e.id}
                onClick={() => resend(e)}
                aria-label={`Reenviar e-mail ${e.subject}`}
              >
                Reenviar
              </Button>
            )}
          </Space>
        ),
      },
    ],
    [resend, resending],
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <PageHeader
        title="E-mails enviados"
        breadcrumb="Configurações"
        extra={<RefreshButton onClick={refresh} loading={list.isFetching && !list.isPending} />}
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={16}>
          <Flex wrap gap={8} align="center" role="search" aria-label="Filtros de e-mails">
            <Select<EmailState>
              aria-label="Filtrar por situação"
              placeholder="Situação"
              allowClear
              value={query.state}
              onChange={(state) => update({ state: state ?? null })}
              options={EMAIL_STATES.map((s) => ({ value: s, label: EMAIL_STATE_LABELS[s] }))}
              style={{ width: 300 }}
            />
            <Typography.Text type="secondary">
              Falhas temporárias do servidor de e-mail são tentadas de novo automaticamente. Os e-mails que
              não foram enviados podem ser reenviados depois de corrigir o cadastro do cliente ou a
              configuração do servidor. Cada e-mail é enviado uma vez; se o Atende parar no meio de um envio,
              o mesmo e-mail (mesmo Message-ID) é enviado de novo e pode chegar duas vezes.
            </Typography.Text>
          </Flex>
          {list.isError && (
            <Alert
              type="error"
              showIcon
              title={errorMessage(list.error)}
              action={
                <Button size="small" onClick={() => list.refetch()}>
                  Tentar novamente
                </Button>
              }
            />
          )}
          <Table<EmailDto>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
            scroll={{ x: 1100 }}
            locale={{
              emptyText: query.state ? "Nenhum e-mail nesta situação" : "Nenhum e-mail enviado ainda",
            }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              showTotal: (total) => `${total} ${total === 1 ? "e-mail" : "e-mails"}`,
            }}
            onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize ?? query.pageSize })}
          />
        </Flex>
      </Card>
      <EmailDrawer
        email={viewing}
        onClose={() => setViewing(null)}
        onResend={resend}
        resending={resending !== null}
      />
    </Space>
  );
}

interface DrawerProps {
  email: EmailDto | null;
  onClose: () => void;
  onResend: (e: EmailDto) => Promise<void>;
  resending: boolean;
}

/** The e-mail as sent: its plain text only, never its HTML. */
function EmailDrawer({ email, onClose, onResend, resending }: DrawerProps) {
  const detail = useEmail(email?.id ?? null);
  const d = detail.data;
  // the list row knows the atendimento's protocol; the detail brings the text
  const row = email && d ? { ...email, ...d, ticket: email.ticket ?? d.ticket } : null;
  return (
    <Drawer
      open={email !== null}
      onClose={onClose}
      size={680}
      destroyOnHidden
      title="E-mail"
      extra={
        row?.canResend && (
          <Button
            icon={<SendOutlined aria-hidden />}
            loading={resending}
            onClick={async () => {
              await onResend(row);
              await detail.refetch();
            }}
          >
            Reenviar
          </Button>
        )
      }
    >
      {detail.isError ? (
        <Alert type="error" showIcon title={errorMessage(detail.error)} />
      ) : !row ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions
            bordered
            size="small"
            column={1}
            styles={{ label: { width: 160 } }}
            items={[
              { key: "kind", label: "Tipo", children: KIND_LABELS[row.kind] },
              { key: "ticket", label: "Atendimento", children: ticketLink(row.ticket) },
              ...(row.debt ? [{ key: "debt", label: "Débito", children: <DebtLine debt={row.debt} /> }] : []),
              { key: "to", label: "Para", children: row.to.length > 0 ? row.to.join(", ") : "—" },
              { key: "subject", label: "Assunto", children: row.subject },
              { key: "state", label: "Situação", children: <EmailSituation email={row} /> },
              { key: "createdAt", label: "Criado em", children: formatDateTime(row.createdAt) },
              { key: "sentAt", label: "Enviado em", children: formatDateTime(row.sentAt) },
              { key: "attempts", label: "Tentativas", children: row.attempts },
              {
                key: "lastError",
                label: "Erro",
                children: row.lastError ? (
                  <Typography.Text type="danger">{row.lastError}</Typography.Text>
                ) : (
                  "—"
                ),
              },
            ]}
          />
          <div>
            <Typography.Title level={5}>Mensagem</Typography.Title>
            <pre
              data-testid="email-text"
              style={{
                whiteSpace: "pre-wrap",
                wordBreak: "break-word",
                background: "#fafafa",
                border: "1px solid #f0f0f0",
                borderRadius: 6,
                padding: 12,
                margin: 0,
                fontFamily: "inherit",
                fontSize: 13,
              }}
            >
              {row.text}
            </pre>
          </div>
        </Flex>
      )}
    </Drawer>
  );
}
