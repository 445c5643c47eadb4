/** Detalhes of a debt: its data, the payments (each with its Recibo, and Estornar), the history and the PIX code. */
import { FilePdfOutlined, RollbackOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Skeleton,
  Table,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import {
  type DebtDetail,
  type DebtEventDto,
  type PaymentDto,
  paymentReceiptPath,
} from "../../../shared/api.js";
import { formatIsoDateBR, PAYMENT_METHOD_LABELS } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { errorMessage } from "../../api/client.js";
import { formatDateTime } from "../../components/format.js";
import { financeApi, financeKeys, useDebt } from "./api.js";
import { DebtStatusTag, installmentText, PixCode, ReasonModal } from "./ui.js";

const EVENT_COLORS: Record<DebtEventDto["type"], string> = {
  created: "blue",
  payment: "green",
  reversal: "orange",
  cancelled: "red",
  collection: "purple",
  reminder: "purple",
  email: "gray",
};

interface Props {
  id: string | null;
  onClose: () => void;
  /** the action buttons of the list (Baixa, Cobrar, Recibo, Cancelar) for this debt */
  actions?: (d: DebtDetail) => ReactNode;
}

export function DebtDrawer({ id, onClose, actions }: Props) {
  const debt = useDebt(id);
  const d = debt.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={760}
      destroyOnHidden
      title={d ? `Débito: ${d.client.name}` : "Débito"}
      extra={d && actions?.(d)}
    >
      {debt.isError ? (
        <Alert type="error" showIcon title={errorMessage(debt.error)} />
      ) : !d ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Flex vertical gap={24}>
          <DebtFields d={d} />
          {d.balanceCents > 0 && d.status !== "cancelled" && (
            <section aria-label="PIX">
              <Typography.Title level={5}>PIX para pagamento</Typography.Title>
              <PixCode debtId={d.id} />
            </section>
          )}
          <Payments d={d} />
          <History events={d.events} />
        </Flex>
      )}
    </Drawer>
  );
}

function DebtFields({ d }: { d: DebtDetail }) {
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const part = installmentText(d);
  const money = (c: number) => <span style={{ whiteSpace: "nowrap" }}>{formatCents(c)}</span>;
  const q = d.quote;
  return (
    <Descriptions
      bordered
      size="small"
      column={2}
      styles={{ label: { width: 150 } }}
      items={[
        { key: "client", label: "Cliente", span: 2, children: d.client.name },
        {
          key: "description",
          label: "Descrição",
          span: 2,
          children: (
            <>
              {d.description}
              {part && <Typography.Text type="secondary"> ({part})</Typography.Text>}
            </>
          ),
        },
        { key: "category", label: "Categoria", children: d.category.name },
        {
          key: "ticket",
          label: "Atendimento",
          children: d.ticket ? (
            <Link
              to={`/atendimentos?q=${encodeURIComponent(d.ticket.protocol)}&atendimento=${d.ticket.id}`}
              aria-label={`Abrir atendimento ${d.ticket.protocol}`}
            >
              {d.ticket.protocol}
            </Link>
          ) : (
            dash
          ),
        },
        { key: "dueDate", label: "Vencimento", children: formatIsoDateBR(d.dueDate) },
        { key: "status", label: "Status", children: <DebtStatusTag status={d.status} /> },
        { key: "amount", label: "Valor", children: money(d.amountCents) },
        { key: "paid", label: "Pago", children: money(d.paidCents) },
        { key: "balance", label: "Saldo", children: money(d.balanceCents) },
        {
          key: "today",
          label: "Para quitar hoje",
          children: q ? (
            <>
              <Typography.Text strong>{money(q.totalCents)}</Typography.Text>
              {q.daysLate > 0 && (
                <div style={{ fontSize: 12, color: "rgba(0,0,0,.55)" }}>
                  {q.daysLate} {q.daysLate === 1 ? "dia" : "dias"} de atraso: multa{" "}
                  {formatCents(q.lateFeeCents)}, juros {formatCents(q.interestCents)}
                </div>
              )}
            </>
          ) : (
            dash
          ),
        },
        ...(d.cancelReason
          ? [{ key: "cancel", label: "Motivo do cancelamento", span: 2, children: d.cancelReason }]
          : []),
        { key: "txid", label: "Identificador PIX", span: 2, children: <code>{d.txid}</code> },
        { key: "createdAt", label: "Lançado em", span: 2, children: formatDateTime(d.createdAt) },
      ]}
    />
  );
}

function Payments({ d }: { d: DebtDetail }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reversing, setReversing] = useState<PaymentDto | null>(null);

  return (
    <section aria-label="Pagamentos">
      <Typography.Title level={5}>Pagamentos</Typography.Title>
      <Table<PaymentDto>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d.payments}
        locale={{ emptyText: "Nenhum pagamento registrado" }}
        scroll={{ x: 710 }}
        columns={[
          { title: "Recibo", dataIndex: "receiptNumber", width: 105 },
          { title: "Data", dataIndex: "paidOn", width: 100, render: (v: string) => formatIsoDateBR(v) },
          {
            title: "Forma",
            dataIndex: "method",
            width: 105,
            render: (v: PaymentDto["method"]) => PAYMENT_METHOD_LABELS[v],
          },
          {
            title: "Valor",
            key: "amount",
            align: "right",
            width: 170,
            render: (_, p) => (
              <>
                <span
                  style={{ whiteSpace: "nowrap", textDecoration: p.reversal ? "line-through" : undefined }}
                >
                  {formatCents(p.amountCents)}
                </span>
                {p.lateFeeCents + p.interestCents > 0 && (
                  <div style={{ fontSize: 12, color: "rgba(0,0,0,.55)" }}>
                    multa {formatCents(p.lateFeeCents)} + juros {formatCents(p.interestCents)}
                  </div>
                )}
              </>
            ),
          },
          {
            title: "Registrado por",
            key: "by",
            ellipsis: true,
            render: (_, p) => (
              <>
                {p.createdBy?.name ?? "—"}
                {p.note && (
                  <div style={{ fontSize: 12, color: "rgba(0,0,0,.55)", whiteSpace: "pre-wrap" }}>
                    {p.note}
                  </div>
                )}
              </>
            ),
          },
          {
            title: "",
            key: "actions",
            width: 130,
            render: (_, p) => (
              <Flex vertical gap={4} align="flex-start">
                <Button
                  size="small"
                  icon={<FilePdfOutlined aria-hidden />}
                  href={paymentReceiptPath(d.id, p.id)}
                  download=""
                  aria-label={`Baixar recibo nº ${p.receiptNumber}`}
                >
                  Recibo
                </Button>
                {p.reversal ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <Tag color="orange">Estornado</Tag>
                    <div>{formatDateTime(p.reversal.at)}</div>
                    <div style={{ whiteSpace: "pre-wrap" }}>{p.reversal.reason}</div>
                  </Typography.Text>
                ) : p.actions.reverse ? (
                  <Button
                    size="small"
                    danger
                    icon={<RollbackOutlined aria-hidden />}
                    onClick={() => setReversing(p)}
                    aria-label={`Estornar pagamento ${p.receiptNumber}`}
                  >
                    Estornar
                  </Button>
                ) : null}
              </Flex>
            ),
          },
        ]}
      />
      {reversing && (
        <ReasonModal
          title={`Estornar o pagamento ${reversing.receiptNumber}`}
          description={`O valor de ${formatCents(reversing.amountCents)} volta a ser devido pelo cliente. O recibo deixa de valer.`}
          okText="Estornar"
          danger
          onSubmit={async (reason) => {
            await financeApi.reverse(reversing.id, reason);
            message.success(`Pagamento ${reversing.receiptNumber} estornado`);
            await queryClient.invalidateQueries({ queryKey: financeKeys.all });
            await queryClient.invalidateQueries({ queryKey: ["tickets"] });
          }}
          onClosed={() => setReversing(null)}
        />
      )}
    </section>
  );
}

function History({ events }: { events: DebtEventDto[] }) {
  return (
    <section aria-label="Histórico">
      <Typography.Title level={5}>Histórico</Typography.Title>
      {events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Sem eventos" />
      ) : (
        <Timeline
          items={events.map((ev) => ({
            key: ev.id,
            color: EVENT_COLORS[ev.type] ?? "gray",
            content: (
              <>
                <div>
                  {ev.actor && <Typography.Text strong>{ev.actor.name}: </Typography.Text>}
                  <span style={{ whiteSpace: "pre-wrap" }}>{ev.summary}</span>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(ev.createdAt)}
                </Typography.Text>
              </>
            ),
          }))}
        />
      )}
    </section>
  );
}
