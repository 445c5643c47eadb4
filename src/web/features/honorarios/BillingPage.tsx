/** Financeiro › Faturamento: the preview of a competência's charges and "Faturar" (idempotent). */
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Flex,
  Grid,
  Popover,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { formatIsoDateBR, todayInSaoPaulo } from "../../../shared/finance.js";
import { formatPeriodBR } from "../../../shared/honorarios.js";
import type { BillingLine, BillingRunResult } from "../../../shared/honorarios-api.js";
import { formatCents } from "../../../shared/money.js";
import { api, errorMessage } from "../../api/client.js";
import { CardField, CardList } from "../../components/CardList.js";
import { PageHeader } from "../../components/PageHeader.js";
import { feeKeys, useBillingPreview } from "./api.js";

const STATE: Record<BillingLine["state"], { label: string; color: string }> = {
  ready: { label: "A faturar", color: "blue" },
  billed: { label: "Faturado", color: "green" },
  pending: { label: "Reajuste pendente", color: "orange" },
};

function ReajusteCell({ line }: { line: BillingLine }) {
  const r = line.reajuste;
  if (!r) return <Typography.Text type="secondary">—</Typography.Text>;
  if (r.status === "pending")
    return (
      <Typography.Text type="warning">
        Faltam índices: {r.missing.map(formatPeriodBR).join(", ")}
      </Typography.Text>
    );
  return (
    <Popover
      title="Memória de cálculo"
      content={
        <ul style={{ margin: 0, paddingLeft: 18, maxWidth: 420 }}>
          {r.memoria.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      }
    >
      <Button size="small" type="link" style={{ padding: 0 }}>
        {formatCents(r.fromCents)} → {formatCents(r.toCents)} ({r.memoria.accumulatedPercent})
      </Button>
    </Popover>
  );
}

const extras = (l: BillingLine) =>
  [
    l.proRata ? `pro rata ${l.proRata.days}/${l.proRata.monthDays} dias` : null,
    l.thirteenthCents ? `13º ${formatCents(l.thirteenthCents)}` : null,
  ]
    .filter(Boolean)
    .join(" · ");

export default function BillingPage() {
  const [period, setPeriod] = useState(todayInSaoPaulo().slice(0, 7));
  const [sendEmails, setSendEmails] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BillingRunResult | null>(null);
  const preview = useBillingPreview(period);
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const asCards = Grid.useBreakpoint().md === false;
  const t = preview.data?.totals;

  const run = () =>
    modal.confirm({
      title: `Faturar a competência ${formatPeriodBR(period)}?`,
      content: `${t?.ready ?? 0} contrato(s), ${formatCents(t?.toBillCents ?? 0)}${sendEmails ? ", com cobrança por e-mail (PIX)" : ""}. Faturar de novo não duplica nada.`,
      okText: "Faturar",
      cancelText: "Cancelar",
      onOk: async () => {
        setBusy(true);
        try {
          const r = await api.post<BillingRunResult>("/api/fees/billing", { period, sendEmails });
          setResult(r);
          message.success(`${r.chargesCreated} cobrança(s) criada(s): ${formatCents(r.totalCents)}`);
          await qc.invalidateQueries({ queryKey: feeKeys.all });
          await qc.invalidateQueries({ queryKey: ["finance"] });
        } catch (e) {
          message.error(errorMessage(e), 8);
        } finally {
          setBusy(false);
        }
      },
    });

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="Faturamento de honorários"
        breadcrumb="Financeiro"
        extra={
          <Flex gap={8} wrap align="center">
            <DatePicker
              picker="month"
              format="MM/YYYY"
              aria-label="Competência"
              allowClear={false}
              value={dayjs(`${period}-01`)}
              onChange={(d) => {
                if (d) setPeriod(d.format("YYYY-MM"));
                setResult(null);
              }}
            />
            <Checkbox checked={sendEmails} onChange={(e) => setSendEmails(e.target.checked)}>
              Enviar cobranças por e-mail
            </Checkbox>
            <Button type="primary" loading={busy} disabled={!t?.ready} onClick={run}>
              Faturar
            </Button>
          </Flex>
        }
      />
      {preview.isError && <Alert type="error" showIcon title={errorMessage(preview.error)} />}
      {result && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setResult(null)}
          title={`Competência ${formatPeriodBR(result.period)}: ${result.chargesCreated} cobrança(s), ${formatCents(result.totalCents)}; ${result.reajustesApplied} reajuste(s) aplicado(s); ${result.emailsQueued} e-mail(s) na fila${result.pending ? `; ${result.pending} contrato(s) com reajuste pendente` : ""}.`}
        />
      )}
      {t && (
        <Flex gap={24} wrap>
          <Statistic title="Contratos" value={t.contracts} />
          <Statistic title="A faturar" value={t.ready} />
          <Statistic title="Faturados" value={t.billed} />
          <Statistic title="Reajuste pendente" value={t.pending} />
          <Statistic title="Valor a faturar" value={formatCents(t.toBillCents)} />
        </Flex>
      )}
      {asCards ? (
        <CardList
          label="Prévia do faturamento"
          items={(preview.data?.lines ?? []).map((l) => ({ ...l, id: l.contractId }))}
          loading={preview.isLoading}
          empty="Nenhum contrato vigente nesta competência"
          page={1}
          pageSize={500}
          total={preview.data?.lines.length ?? 0}
          pageSizeOptions={[500]}
          onPage={() => undefined}
          card={(l) => ({
            label: l.client.name,
            testId: `billing-card-${l.contractId}`,
            title: l.client.name,
            extra: <Tag color={STATE[l.state].color}>{STATE[l.state].label}</Tag>,
            body: (
              <>
                <CardField label="Total">{formatCents(l.totalCents)}</CardField>
                <CardField label="Vencimento">{formatIsoDateBR(l.dueDate)}</CardField>
                {extras(l) && <CardField label="Detalhes">{extras(l)}</CardField>}
                <CardField label="Reajuste">
                  <ReajusteCell line={l} />
                </CardField>
              </>
            ),
            actions: null,
          })}
        />
      ) : (
        <Table
          size="small"
          rowKey="contractId"
          loading={preview.isLoading}
          dataSource={preview.data?.lines ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: "Nenhum contrato vigente nesta competência" }}
          columns={[
            { title: "Cliente", dataIndex: ["client", "name"], ellipsis: true },
            {
              title: "Mensal",
              dataIndex: "monthlyCents",
              width: 120,
              align: "right",
              render: (v: number) => formatCents(v),
            },
            { title: "Reajuste", key: "r", width: 300, render: (_: unknown, l) => <ReajusteCell line={l} /> },
            {
              title: "Detalhes",
              key: "x",
              width: 200,
              ellipsis: true,
              render: (_: unknown, l) => extras(l) || "—",
            },
            {
              title: "Total",
              dataIndex: "totalCents",
              width: 120,
              align: "right",
              render: (v: number) => formatCents(v),
            },
            {
              title: "Vencimento",
              dataIndex: "dueDate",
              width: 110,
              render: (v: string) => formatIsoDateBR(v),
            },
            {
              title: "Situação",
              dataIndex: "state",
              width: 150,
              render: (s: BillingLine["state"]) => <Tag color={STATE[s].color}>{STATE[s].label}</Tag>,
            },
          ]}
        />
      )}
    </Flex>
  );
}
