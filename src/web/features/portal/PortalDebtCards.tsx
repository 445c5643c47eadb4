/**
 * Financeiro on a phone: one card per debt instead of a table, so Saldo, Status and "Pagar com PIX"
 * are on screen at 390px without scrolling sideways. The tables stay from 768px up; which one shows
 * is portal.css's choice (.portal-phone-only / .portal-wide-only), so the first paint is already right.
 */
import { DownloadOutlined, QrcodeOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Skeleton, Typography } from "antd";
import type { ReactNode } from "react";
import { debtReceiptPath, type PortalDebt, paymentReceiptPath } from "../../../shared/api.js";
import { formatIsoDateBR } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { DebtStatusTag, debtTitle } from "../finance/ui.js";

const money = (c: number) => <span style={{ whiteSpace: "nowrap" }}>{formatCents(c)}</span>;

/** "Saldo  R$ 389,34" — one line of a card: the label left, the value right. */
function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Flex justify="space-between" align="baseline" gap={12}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <span style={{ textAlign: "right" }}>{children}</span>
    </Flex>
  );
}

function Cards({
  label,
  loading,
  items,
  emptyText,
  render,
}: {
  label: string;
  loading: boolean;
  items: PortalDebt[];
  emptyText: string;
  render: (d: PortalDebt) => ReactNode;
}) {
  if (loading) return <Skeleton className="portal-phone-only" active paragraph={{ rows: 4 }} />;
  if (items.length === 0)
    return (
      <Empty className="portal-phone-only" image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
    );
  return (
    <ul className="portal-cards portal-phone-only" aria-label={label}>
      {items.map((d) => (
        <li key={d.id} className="portal-card" data-testid="portal-debt">
          <Flex vertical gap={6}>
            {render(d)}
          </Flex>
        </li>
      ))}
    </ul>
  );
}

export function OpenDebtCards({
  items,
  loading,
  many,
  onPay,
}: {
  items: PortalDebt[];
  loading: boolean;
  many: boolean;
  onPay: (d: PortalDebt) => void;
}) {
  return (
    <Cards
      label="Débitos em aberto"
      loading={loading}
      items={items}
      emptyText="Nenhum débito em aberto."
      render={(d) => (
        <>
          <Flex justify="space-between" align="flex-start" gap={8}>
            <Typography.Text strong style={{ minWidth: 0 }}>
              {debtTitle(d)}
            </Typography.Text>
            <DebtStatusTag status={d.status} />
          </Flex>
          {many && <Line label="Empresa">{d.client.name}</Line>}
          <Line label="Vencimento">{formatIsoDateBR(d.dueDate)}</Line>
          <Line label="Saldo">{money(d.balanceCents)}</Line>
          <Line label="A pagar hoje">
            <Typography.Text strong>{money(d.totalDueCents)}</Typography.Text>
          </Line>
          {d.receipts.length > 0 && (
            <Line label="Recibos">
              <PaymentReceipts d={d} />
            </Line>
          )}
          {d.pixAvailable ? (
            <Button type="primary" block icon={<QrcodeOutlined aria-hidden />} onClick={() => onPay(d)}>
              Pagar com PIX
            </Button>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              Fale com o escritório para pagar
            </Typography.Text>
          )}
        </>
      )}
    />
  );
}

export function PaidDebtCards({
  items,
  loading,
  many,
}: {
  items: PortalDebt[];
  loading: boolean;
  many: boolean;
}) {
  return (
    <Cards
      label="Débitos pagos"
      loading={loading}
      items={items}
      emptyText="Nenhum pagamento ainda."
      render={(d) => (
        <>
          <Typography.Text strong>{debtTitle(d)}</Typography.Text>
          {many && <Line label="Empresa">{d.client.name}</Line>}
          <Line label="Vencimento">{formatIsoDateBR(d.dueDate)}</Line>
          <Line label="Pago em">{d.paidOn ? formatIsoDateBR(d.paidOn) : "—"}</Line>
          <Line label="Valor">{money(d.amountCents)}</Line>
          <Line label="Recibos">
            <PaymentReceipts d={d} />
          </Line>
          {d.receiptAvailable && (
            <Button
              block
              icon={<DownloadOutlined aria-hidden />}
              href={debtReceiptPath(d.id)}
              download=""
              aria-label={`Baixar recibo de quitação de ${debtTitle(d)}`}
            >
              Recibo de quitação
            </Button>
          )}
        </>
      )}
    />
  );
}

/** One download link per payment (partial ones too), each with its receipt number. */
export function PaymentReceipts({ d }: { d: PortalDebt }) {
  if (d.receipts.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {d.receipts.map((r) => (
        <Typography.Link
          key={r.paymentId}
          href={paymentReceiptPath(d.id, r.paymentId)}
          download=""
          aria-label={`Baixar recibo nº ${r.receiptNumber}`}
          style={{ whiteSpace: "nowrap" }}
        >
          <DownloadOutlined aria-hidden /> nº {r.receiptNumber}{" "}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatCents(r.amountCents)} em {formatIsoDateBR(r.paidOn)}
          </Typography.Text>
        </Typography.Link>
      ))}
    </Flex>
  );
}
