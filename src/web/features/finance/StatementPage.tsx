/** Financeiro › Extrato: what a client owes over time, with the running balance (?clientId=&from=&to=). */
import { Alert, Card, DatePicker, Empty, Flex, Space, Table, type TableColumnsType, Typography } from "antd";
import dayjs from "dayjs";
import { useCallback } from "react";
import { Link, useSearchParams } from "react-router";
import type { StatementDto, StatementEntry } from "../../../shared/api.js";
import { formatDocument } from "../../../shared/documents.js";
import { formatIsoDateBR } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { errorMessage } from "../../api/client.js";
import { PageHeader } from "../../components/PageHeader.js";
import { ClientSelect } from "../../components/selects.js";
import { useStatement } from "./api.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Row {
  key: string;
  date: string | null;
  description: string;
  debitCents: number | null;
  creditCents: number | null;
  balanceCents: number;
  debtId: string | null;
  /** opening / closing balance lines */
  edge?: boolean;
}

const money = (c: number | null) =>
  c ? (
    <span style={{ whiteSpace: "nowrap" }}>{formatCents(c)}</span>
  ) : (
    <Typography.Text type="secondary">—</Typography.Text>
  );

function rowsOf(s: StatementDto): Row[] {
  const opening: Row = {
    key: "opening",
    date: s.from,
    description: s.from ? "Saldo anterior" : "Saldo inicial",
    debitCents: null,
    creditCents: null,
    balanceCents: s.openingBalanceCents,
    debtId: null,
    edge: true,
  };
  const closing: Row = {
    key: "closing",
    date: s.to,
    description: "Saldo final",
    debitCents: s.totals.debitCents,
    creditCents: s.totals.creditCents,
    balanceCents: s.closingBalanceCents,
    debtId: null,
    edge: true,
  };
  const entries = s.entries.map(
    (e: StatementEntry, i): Row => ({
      key: `${i}`,
      date: e.date,
      description: e.description,
      debitCents: e.debitCents,
      creditCents: e.creditCents,
      balanceCents: e.balanceCents,
      debtId: e.debtId,
    }),
  );
  return [opening, ...entries, closing];
}

export default function StatementPage() {
  const [params, setParams] = useSearchParams();
  const clientParam = params.get("clientId");
  const clientId = clientParam && UUID.test(clientParam) ? clientParam : null;
  const fromParam = params.get("from");
  const toParam = params.get("to");
  const from = fromParam && DATE.test(fromParam) ? fromParam : undefined;
  const to = toParam && DATE.test(toParam) ? toParam : undefined;
  const statement = useStatement(clientId, from, to);
  const s = statement.data && statement.data.client.id === clientId ? statement.data : null;

  const set = useCallback(
    (patch: Record<string, string | null>) =>
      setParams((prev) => {
        const out = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) out.set(k, v);
          else out.delete(k);
        }
        return out;
      }),
    [setParams],
  );

  const columns: TableColumnsType<Row> = [
    {
      title: "Data",
      dataIndex: "date",
      width: 110,
      render: (v: string | null) => (v ? formatIsoDateBR(v) : ""),
    },
    {
      title: "Descrição",
      dataIndex: "description",
      render: (v: string, r) =>
        r.edge ? (
          <Typography.Text strong>{v}</Typography.Text>
        ) : r.debtId ? (
          <Link to={`/financeiro/contas-a-receber?clientId=${clientId ?? ""}&debito=${r.debtId}`}>{v}</Link>
        ) : (
          v
        ),
    },
    { title: "Débito", dataIndex: "debitCents", align: "right", width: 140, render: money },
    { title: "Crédito", dataIndex: "creditCents", align: "right", width: 140, render: money },
    {
      title: "Saldo",
      dataIndex: "balanceCents",
      align: "right",
      width: 150,
      render: (v: number, r) => (
        <Typography.Text strong={r.edge} style={{ whiteSpace: "nowrap" }}>
          {formatCents(v)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <PageHeader title="Extrato do cliente" breadcrumb="Financeiro" />
      <Card styles={{ body: { padding: 16 } }}>
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <Flex wrap gap={8} align="center" role="search" aria-label="Filtros do extrato">
            <ClientSelect
              aria-label="Cliente"
              placeholder="Busque o cliente pelo nome"
              value={clientId}
              onChange={(id) => set({ clientId: id })}
              style={{ width: 340, maxWidth: "100%" }}
            />
            <DatePicker.RangePicker
              aria-label="Período"
              format="DD/MM/YYYY"
              placeholder={["De", "até"]}
              allowEmpty={[true, true]}
              value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
              onChange={(range) =>
                set({
                  from: range?.[0]?.format("YYYY-MM-DD") ?? null,
                  to: range?.[1]?.format("YYYY-MM-DD") ?? null,
                })
              }
            />
          </Flex>
          {!clientId ? (
            <Empty description="Escolha um cliente para ver o extrato." />
          ) : statement.isError ? (
            <Alert type="error" showIcon title={errorMessage(statement.error)} />
          ) : (
            <>
              {s && (
                <Typography.Text>
                  <Typography.Text strong>{s.client.name}</Typography.Text>{" "}
                  <Typography.Text type="secondary">
                    {formatDocument(s.client.document)} ·{" "}
                    {s.from || s.to
                      ? `período ${s.from ? formatIsoDateBR(s.from) : "início"} a ${s.to ? formatIsoDateBR(s.to) : "hoje"}`
                      : "todo o período"}
                  </Typography.Text>
                </Typography.Text>
              )}
              <Table<Row>
                aria-label="Extrato"
                rowKey="key"
                size="small"
                columns={columns}
                dataSource={s ? rowsOf(s) : []}
                loading={statement.isFetching}
                pagination={false}
                scroll={{ x: 760 }}
                onRow={(r) => (r.edge ? { style: { background: "#fafafa" } } : {})}
                locale={{ emptyText: "Nenhum lançamento" }}
              />
            </>
          )}
        </Space>
      </Card>
    </Space>
  );
}
