/** Financeiro › Relatórios de honorários: carteira (MRR, faixas, churn, faturado x recebido) and aging. */
import { Card, Col, DatePicker, Flex, Row, Statistic, Table } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { formatIsoDateBR, todayInSaoPaulo } from "../../../shared/finance.js";
import { AGING_BUCKETS, AGING_LABELS } from "../../../shared/honorarios.js";
import { formatCents } from "../../../shared/money.js";
import { PageHeader } from "../../components/PageHeader.js";
import { useAging, useCarteira } from "./api.js";

export default function ReportsPage() {
  const [period, setPeriod] = useState(todayInSaoPaulo().slice(0, 7));
  const carteira = useCarteira(period);
  const aging = useAging();
  const c = carteira.data;
  const a = aging.data;
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="Relatórios de honorários"
        breadcrumb="Financeiro"
        extra={
          <DatePicker
            picker="month"
            format="MM/YYYY"
            aria-label="Competência"
            allowClear={false}
            value={dayjs(`${period}-01`)}
            onChange={(d) => d && setPeriod(d.format("YYYY-MM"))}
          />
        }
      />
      <Card title="Carteira" size="small" loading={carteira.isLoading}>
        {c && (
          <Flex vertical gap={16}>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={4}>
                <Statistic title="Contratos vigentes" value={c.activeContracts} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title="Receita recorrente (MRR)" value={formatCents(c.mrrCents)} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title="Faturado na competência" value={formatCents(c.billedCents)} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title="Recebido" value={formatCents(c.receivedCents)} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic
                  title="Churn (encerrados)"
                  value={`${c.churn.contracts} · ${formatCents(c.churn.lostMrrCents)}`}
                />
              </Col>
            </Row>
            <Table
              size="small"
              rowKey="label"
              pagination={false}
              dataSource={c.bands}
              columns={[
                { title: "Faixa de honorários", dataIndex: "label" },
                { title: "Clientes", dataIndex: "clients", align: "right", width: 100 },
                {
                  title: "MRR",
                  dataIndex: "mrrCents",
                  align: "right",
                  width: 160,
                  render: (v: number) => formatCents(v),
                },
              ]}
            />
            {c.churn.items.length > 0 && (
              <Table
                size="small"
                rowKey="contractId"
                pagination={false}
                dataSource={c.churn.items}
                columns={[
                  { title: "Contrato encerrado", dataIndex: "clientName" },
                  {
                    title: "Término",
                    dataIndex: "endDate",
                    width: 120,
                    render: (v: string) => formatIsoDateBR(v),
                  },
                  {
                    title: "Valor mensal",
                    dataIndex: "monthlyCents",
                    align: "right",
                    width: 140,
                    render: (v: number) => formatCents(v),
                  },
                ]}
              />
            )}
          </Flex>
        )}
      </Card>
      <Card title="Aging de contas a receber" size="small" loading={aging.isLoading}>
        {a && (
          <Flex vertical gap={16}>
            <Row gutter={[16, 16]}>
              {a.buckets.map((b) => (
                <Col xs={12} md={4} key={b.bucket}>
                  <Statistic
                    title={`${AGING_LABELS[b.bucket]} (${b.debts})`}
                    value={formatCents(b.balanceCents)}
                  />
                </Col>
              ))}
              <Col xs={12} md={4}>
                <Statistic title="Total em aberto" value={formatCents(a.totalCents)} />
              </Col>
            </Row>
            <Table
              size="small"
              rowKey="clientId"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={a.byClient}
              scroll={{ x: 900 }}
              columns={[
                { title: "Cliente", dataIndex: "clientName", ellipsis: true, fixed: "left", width: 220 },
                ...AGING_BUCKETS.map((b) => ({
                  title: AGING_LABELS[b],
                  key: b,
                  align: "right" as const,
                  render: (_: unknown, r: (typeof a.byClient)[number]) =>
                    r.buckets[b] ? formatCents(r.buckets[b]) : "—",
                })),
                {
                  title: "Total",
                  dataIndex: "totalCents",
                  align: "right",
                  render: (v: number) => formatCents(v),
                },
              ]}
            />
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
