/**
 * Painel: what the office manager looks at every morning. Every number is a link to the grid or to
 * Contas a receber filtered to exactly those rows (the API sends each number's filter). Charts are
 * plain SVG and antd bars: no chart library, and the page is its own lazy chunk.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Card, Col, Empty, Flex, Progress, Row, Space, Switch, Table, Typography } from "antd";
import { Link } from "react-router";
import {
  AGE_BAND_LABELS,
  AGING_BAND_LABELS,
  type DashboardDto,
  type DashboardSettingsInput,
  type ListFilter,
} from "../../../shared/dashboard.js";
import { formatIsoDateBR } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { STATUS_INFO } from "../../../shared/status.js";
import { api, errorMessage } from "../../api/client.js";
import { PageHeader } from "../../components/PageHeader.js";
import { RefreshButton } from "../../components/RefreshButton.js";
import { useMe } from "../auth/AuthContext.js";

const key = ["dashboard"] as const;
const count = new Intl.NumberFormat("pt-BR");

const gridHref = (f: ListFilter) => `/atendimentos?${new URLSearchParams(f)}`;
const debtsHref = (f: ListFilter) => `/financeiro/contas-a-receber?${new URLSearchParams(f)}`;

/** A number that opens its list; plain text when no list shows those rows. */
function Num({
  n,
  filter,
  href,
  label,
}: {
  n: string;
  filter: ListFilter | null;
  href: (f: ListFilter) => string;
  label: string;
}) {
  return filter ? (
    <Link to={href(filter)} aria-label={`${label}: ${n}`} data-testid="painel-link">
      {n}
    </Link>
  ) : (
    <span>{n}</span>
  );
}

function Bars({
  rows,
  href,
}: {
  rows: { key: string; label: string; count: number; filter: ListFilter | null; color?: string }[];
  href: (f: ListFilter) => string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Nada em aberto" />;
  return (
    <Space orientation="vertical" size={4} style={{ width: "100%" }}>
      {rows.map((r) => (
        <div key={r.key}>
          <Flex justify="space-between">
            <Typography.Text ellipsis style={{ maxWidth: "75%" }}>
              {r.label}
            </Typography.Text>
            <Typography.Text strong>
              <Num n={count.format(r.count)} filter={r.filter} href={href} label={r.label} />
            </Typography.Text>
          </Flex>
          <Progress percent={(r.count / max) * 100} showInfo={false} size="small" strokeColor={r.color} />
        </div>
      ))}
    </Space>
  );
}

/** Opened (blue) and finished (green) per week, as SVG bars; each opened bar links to its week. */
function WeeklyChart({
  weeks,
  href,
}: {
  weeks: DashboardDto["tickets"]["weekly"];
  href: (f: ListFilter) => string;
}) {
  const max = Math.max(1, ...weeks.flatMap((w) => [w.opened.count, w.finished]));
  const h = 120;
  const bw = 10;
  const step = 34;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${weeks.length * step} ${h + 28}`}
        width="100%"
        role="img"
        aria-label="Abertos e finalizados por semana, últimas 12 semanas"
      >
        {weeks.map((w, i) => {
          const x = i * step + 4;
          const ho = (w.opened.count / max) * h;
          const hf = (w.finished / max) * h;
          const [, m, d] = w.weekStart.split("-");
          const bar = <rect x={x} y={h - ho} width={bw} height={ho} fill="#1677ff" rx={2} />;
          return (
            <g key={w.weekStart}>
              <title>{`Semana de ${formatIsoDateBR(w.weekStart)}: ${w.opened.count} abertos, ${w.finished} finalizados`}</title>
              {w.opened.filter ? <Link to={href(w.opened.filter)}>{bar}</Link> : bar}
              <rect x={x + bw + 2} y={h - hf} width={bw} height={hf} fill="#52c41a" rx={2} />
              <text x={x + bw} y={h + 16} fontSize={10} textAnchor="middle" fill="#595959">
                {`${d}/${m}`}
              </text>
            </g>
          );
        })}
      </svg>
      <Flex gap={16} style={{ fontSize: 12 }}>
        <span>
          <span style={{ color: "#1677ff" }}>■</span> Abertos
        </span>
        <span>
          <span style={{ color: "#52c41a" }}>■</span> Finalizados
        </span>
      </Flex>
    </figure>
  );
}

function Kpi({
  title,
  children,
  extra,
}: {
  title: string;
  children: React.ReactNode;
  extra?: React.ReactNode;
}) {
  return (
    <Card size="small" style={{ height: "100%" }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.3 }}>{children}</div>
      {extra && <Typography.Text type="secondary">{extra}</Typography.Text>}
    </Card>
  );
}

export default function DashboardPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<DashboardDto>("/api/dashboard", { signal }),
  });
  const settings = useMutation({
    mutationFn: (body: DashboardSettingsInput) => api.put<DashboardDto>("/api/dashboard/settings", body),
    onSuccess: (d) => queryClient.setQueryData(key, d),
  });
  const d = q.data;
  const t = d?.tickets;
  const r = d?.receivables;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <PageHeader
        title="Painel"
        breadcrumb={d?.scope === "mine" ? "Meus atendimentos" : "Escritório"}
        extra={
          <>
            {me.role === "admin" && d && (
              <Flex align="center" gap={8}>
                <Switch
                  size="small"
                  checked={d.staffSeesOffice}
                  loading={settings.isPending}
                  onChange={(v) => settings.mutate({ staffSeesOffice: v })}
                  aria-label="A equipe vê os números do escritório"
                />
                <Typography.Text>A equipe vê os números do escritório</Typography.Text>
              </Flex>
            )}
            <RefreshButton onClick={() => void q.refetch()} loading={q.isFetching} />
          </>
        }
      />
      {q.isError && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {settings.isError && <Alert type="error" showIcon title={errorMessage(settings.error)} />}
      {t && d && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} lg={6}>
              <Kpi title="Atendimentos em aberto">
                <Num
                  n={count.format(t.open.count)}
                  filter={t.open.filter}
                  href={gridHref}
                  label="Atendimentos em aberto"
                />
              </Kpi>
            </Col>
            <Col xs={12} lg={6}>
              <Kpi title="Abertos há mais de 30 dias">
                {(() => {
                  const late = t.byAge.find((a) => a.band === "31+");
                  return late ? (
                    <Num
                      n={count.format(late.count)}
                      filter={late.filter}
                      href={gridHref}
                      label="Abertos há mais de 30 dias"
                    />
                  ) : null;
                })()}
              </Kpi>
            </Col>
            {r && (
              <>
                <Col xs={12} lg={6}>
                  <Kpi title="Vencido" extra={`${count.format(r.overdue.count)} débitos`}>
                    <Num
                      n={formatCents(r.overdue.cents)}
                      filter={r.overdue.filter}
                      href={debtsHref}
                      label="Vencido"
                    />
                  </Kpi>
                </Col>
                <Col xs={12} lg={6}>
                  <Kpi
                    title="A receber neste mês"
                    extra={`Recebido no mês: ${formatCents(r.receivedThisMonth.cents)}`}
                  >
                    <Num
                      n={formatCents(r.dueThisMonth.cents)}
                      filter={r.dueThisMonth.filter}
                      href={debtsHref}
                      label="A receber neste mês"
                    />
                  </Kpi>
                </Col>
              </>
            )}
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={8}>
              <Card size="small" title="Em aberto por status" style={{ height: "100%" }}>
                <Bars
                  href={gridHref}
                  rows={t.byStatus.map((s) => ({
                    key: s.status,
                    label: STATUS_INFO[s.status].label,
                    count: s.count,
                    filter: s.filter,
                  }))}
                />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title="Em aberto por idade" style={{ height: "100%" }}>
                <Bars
                  href={gridHref}
                  rows={t.byAge.map((a) => ({
                    key: a.band,
                    label: AGE_BAND_LABELS[a.band],
                    count: a.count,
                    filter: a.filter,
                    color: a.band === "31+" ? "#ff4d4f" : a.band === "8-30" ? "#faad14" : undefined,
                  }))}
                />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card
                size="small"
                title={d.scope === "office" ? "Carga por responsável" : "Abertos x finalizados"}
                style={{ height: "100%" }}
              >
                {d.scope === "office" ? (
                  <Bars
                    href={gridHref}
                    rows={t.byAssignee.map((a) => ({
                      key: a.assignee?.id ?? "none",
                      label: a.assignee?.name ?? "Sem responsável",
                      count: a.count,
                      filter: a.filter,
                    }))}
                  />
                ) : (
                  <WeeklyChart weeks={t.weekly} href={gridHref} />
                )}
              </Card>
            </Col>
          </Row>
          {d.scope === "office" && (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <Card size="small" title="Abertos x finalizados por semana" style={{ height: "100%" }}>
                  <WeeklyChart weeks={t.weekly} href={gridHref} />
                </Card>
              </Col>
              {r && (
                <Col xs={24} lg={12}>
                  <Card size="small" title="Vencidos por atraso" style={{ height: "100%" }}>
                    <Bars
                      href={debtsHref}
                      rows={r.aging.map((a) => ({
                        key: a.band,
                        label: `${AGING_BAND_LABELS[a.band]} · ${formatCents(a.cents)}`,
                        count: a.count,
                        filter: a.filter,
                        color: "#ff4d4f",
                      }))}
                    />
                  </Card>
                </Col>
              )}
            </Row>
          )}
          {r && (
            <Card size="small" title="Maiores devedores">
              <Table
                size="small"
                pagination={false}
                rowKey={(x) => x.client.id}
                dataSource={r.topDebtors}
                locale={{ emptyText: "Nenhum débito em aberto" }}
                columns={[
                  { title: "Cliente", key: "c", render: (_, x) => x.client.name, ellipsis: true },
                  {
                    title: "Débitos",
                    key: "n",
                    align: "right",
                    width: 90,
                    responsive: ["sm"],
                    render: (_, x) => count.format(x.count),
                  },
                  {
                    title: "Saldo",
                    key: "s",
                    align: "right",
                    width: 150,
                    render: (_, x) => (
                      <Num
                        n={formatCents(x.cents)}
                        filter={x.filter}
                        href={debtsHref}
                        label={`Saldo de ${x.client.name}`}
                      />
                    ),
                  },
                ]}
              />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
