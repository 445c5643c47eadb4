/**
 * /portal/financeiro: the client user's debts: open ones with their PIX code, paid ones with the
 * recibo de quitação, and every payment (partial ones too) with its own recibo. The totals come from
 * the server: what is due on or before today apart from the next installments.
 */
import { DownloadOutlined, QrcodeOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, Modal, Space, Statistic, Table, Typography } from "antd";
import { useState } from "react";
import { debtReceiptPath, type PortalDebt, type PortalDebtList } from "../../../shared/api.js";
import { formatIsoDateBR } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { api, errorMessage } from "../../api/client.js";
import { PageHeader } from "../../components/PageHeader.js";
import { DebtStatusTag, debtTitle, PixCode } from "../finance/ui.js";
import { PortalFeeContracts } from "../honorarios/PortalFeeContracts.js";
import { portalKeys, useCompanyParam, usePortalCompanies } from "./api.js";
import { OpenDebtCards, PaidDebtCards, PaymentReceipts } from "./PortalDebtCards.js";

const money = (c: number) => <span style={{ whiteSpace: "nowrap" }}>{formatCents(c)}</span>;

function usePortalDebts(clientId: string | null) {
  return useQuery({
    queryKey: [...portalKeys.all, "debts", clientId ?? ""],
    queryFn: ({ signal }) =>
      api.get<PortalDebtList>("/api/portal/debts", { query: { clientId: clientId ?? undefined }, signal }),
  });
}

export default function PortalDebtsPage() {
  const [empresa] = useCompanyParam();
  const companies = usePortalCompanies();
  const debts = usePortalDebts(empresa);
  const [paying, setPaying] = useState<PortalDebt | null>(null);
  const many = (companies.data?.length ?? 0) > 1 && !empresa;

  const all = debts.data?.items ?? [];
  const totals = debts.data?.totals;
  const open = all
    .filter((d) => d.status === "open" || d.status === "overdue" || d.status === "partially_paid")
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const paid = all
    .filter((d) => d.status === "paid")
    .sort((a, b) => (b.paidOn ?? b.dueDate).localeCompare(a.paidOn ?? a.dueDate));
  const overdue = totals?.overdueCount ?? 0;

  const companyColumn = many
    ? [
        {
          title: "Empresa",
          key: "client",
          ellipsis: true,
          render: (_: unknown, d: PortalDebt) => d.client.name,
        },
      ]
    : [];

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <PageHeader title="Financeiro" breadcrumb="Portal do cliente" />
      <PortalFeeContracts />
      {debts.isError && <Alert type="error" showIcon title={errorMessage(debts.error)} />}
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={40} align="flex-start">
          <Statistic
            title="Vencido e a vencer hoje"
            value={formatCents(totals?.dueNowCents ?? 0)}
            loading={debts.isPending}
            styles={{
              content: { fontSize: 26, fontWeight: 600, color: overdue > 0 ? "#cf1322" : undefined },
            }}
          />
          <Statistic
            title={`Próximas parcelas${totals?.upcomingCount ? ` (${totals.upcomingCount})` : ""}`}
            value={formatCents(totals?.upcomingCents ?? 0)}
            loading={debts.isPending}
          />
          <Statistic title="Em aberto" value={open.length} loading={debts.isPending} />
          {overdue > 0 && (
            <Typography.Text type="danger">
              {overdue === 1 ? "1 débito vencido" : `${overdue} débitos vencidos`}: o valor inclui multa e
              juros até hoje.
            </Typography.Text>
          )}
        </Flex>
      </Card>
      <Card title="Em aberto" styles={{ body: { padding: 16 } }}>
        {/* phone first: cards below 768px, the table from there up (portal.css) */}
        <OpenDebtCards items={open} loading={debts.isPending} many={many} onPay={setPaying} />
        <Table<PortalDebt>
          className="portal-wide-only"
          aria-label="Débitos em aberto"
          rowKey="id"
          size="middle"
          loading={debts.isPending}
          dataSource={open}
          pagination={false}
          scroll={{ x: 1070 }}
          locale={{ emptyText: "Nenhum débito em aberto." }}
          columns={[
            ...companyColumn,
            { title: "Descrição", key: "description", render: (_, d) => debtTitle(d) },
            {
              title: "Vencimento",
              dataIndex: "dueDate",
              width: 120,
              render: (v: string) => formatIsoDateBR(v),
            },
            { title: "Saldo", dataIndex: "balanceCents", align: "right", width: 130, render: money },
            {
              title: "A pagar hoje",
              dataIndex: "totalDueCents",
              align: "right",
              width: 140,
              render: (v: number) => <Typography.Text strong>{money(v)}</Typography.Text>,
            },
            { title: "Status", dataIndex: "status", width: 130, render: (s) => <DebtStatusTag status={s} /> },
            {
              title: "Recibos",
              key: "receipts",
              width: 250,
              render: (_, d) => <PaymentReceipts d={d} />,
            },
            {
              title: "",
              key: "pay",
              width: 170,
              render: (_, d) =>
                d.pixAvailable ? (
                  <Button type="primary" icon={<QrcodeOutlined aria-hidden />} onClick={() => setPaying(d)}>
                    Pagar com PIX
                  </Button>
                ) : (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    Fale com o escritório para pagar
                  </Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      <Card title="Pagos" styles={{ body: { padding: 16 } }}>
        <PaidDebtCards items={paid} loading={debts.isPending} many={many} />
        <Table<PortalDebt>
          className="portal-wide-only"
          aria-label="Débitos pagos"
          rowKey="id"
          size="middle"
          loading={debts.isPending}
          dataSource={paid}
          pagination={paid.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 970 }}
          locale={{ emptyText: "Nenhum pagamento ainda." }}
          columns={[
            ...companyColumn,
            { title: "Descrição", key: "description", render: (_, d) => debtTitle(d) },
            {
              title: "Vencimento",
              dataIndex: "dueDate",
              width: 120,
              render: (v: string) => formatIsoDateBR(v),
            },
            {
              title: "Pago em",
              dataIndex: "paidOn",
              width: 120,
              render: (v: string | null) => (v ? formatIsoDateBR(v) : "—"),
            },
            { title: "Valor", dataIndex: "amountCents", align: "right", width: 130, render: money },
            {
              title: "Recibos",
              key: "receipts",
              width: 250,
              render: (_, d) => <PaymentReceipts d={d} />,
            },
            {
              title: "",
              key: "receipt",
              width: 170,
              render: (_, d) =>
                d.receiptAvailable ? (
                  <Button
                    icon={<DownloadOutlined aria-hidden />}
                    href={debtReceiptPath(d.id)}
                    download=""
                    aria-label={`Baixar recibo de quitação de ${debtTitle(d)}`}
                  >
                    Quitação
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal
        open={paying !== null}
        title="Pagar com PIX"
        onCancel={() => setPaying(null)}
        footer={[
          <Button key="close" onClick={() => setPaying(null)}>
            Fechar
          </Button>,
        ]}
        width={640}
        destroyOnHidden
      >
        {paying && (
          <Flex vertical gap={12}>
            <Typography.Text>
              {debtTitle(paying)} — vencimento {formatIsoDateBR(paying.dueDate)}
            </Typography.Text>
            <Typography.Text type="secondary">
              Abra o app do seu banco, escolha pagar com PIX e leia o QR code, ou copie o código abaixo e use
              a opção PIX copia e cola.
            </Typography.Text>
            <PixCode debtId={paying.id} compact />
          </Flex>
        )}
      </Modal>
    </Space>
  );
}
