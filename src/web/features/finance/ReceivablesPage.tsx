/** Financeiro › Contas a receber: the office's debts, filtered in the URL, with totals and actions. */
import {
  ClearOutlined,
  DollarOutlined,
  FilePdfOutlined,
  FileTextOutlined,
  MailOutlined,
  ProfileOutlined,
  StopOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Grid,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  type TableProps,
  Tooltip,
  Typography,
} from "antd";
import type { SortOrder } from "antd/es/table/interface";
import dayjs from "dayjs";
import { type ReactNode, useCallback, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { type DebtDto, debtReceiptPath } from "../../../shared/api.js";
import {
  DEBT_STATUS_INFO,
  DEBT_STATUSES,
  type DebtStatus,
  formatIsoDateBR,
} from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { ApiError, errorMessage } from "../../api/client.js";
import { CardField, CardList } from "../../components/CardList.js";
import { ExportButton } from "../../components/ExportButton.js";
import { PageHeader } from "../../components/PageHeader.js";
import { RefreshButton } from "../../components/RefreshButton.js";
import { SearchBox } from "../../components/SearchBox.js";
import { ClientSelect } from "../../components/selects.js";
import { financeApi, financeKeys, useDebtList } from "./api.js";
import { DebtDrawer } from "./DebtDrawer.js";
import { PaymentModal } from "./PaymentModal.js";
import { DebtStatusTag, debtTitle, installmentText, ReasonModal, useShowEmailOutcome } from "./ui.js";
import {
  type DebtFilters,
  type DebtSort,
  PAGE_SIZES,
  toDebtQuery,
  useDebtFilters,
} from "./useDebtFilters.js";

const statusOptions = DEBT_STATUSES.map((s) => ({ value: s, label: DEBT_STATUS_INFO[s].label }));

/** Column titles as elements, so a sortable header does not copy its text into an aria-label. */
function ColumnTitle({ children }: { children: string }) {
  return <span>{children}</span>;
}

/** "2026-03-05" → "05/03/26", the full date in its title (a due date has no time zone) */
function ShortDate({ isoDate }: { isoDate: string }) {
  const full = formatIsoDateBR(isoDate);
  return (
    <span title={full} style={{ whiteSpace: "nowrap" }}>
      {full.replace(/\d{2}(\d{2})$/, "$1")}
    </span>
  );
}

/** The description with its installment and the atendimento it came from. */
function Description({ debt: d }: { debt: DebtDto }) {
  const part = installmentText(d);
  return (
    <>
      <Typography.Paragraph
        ellipsis={{ rows: 2, tooltip: { title: d.description, placement: "topLeft" } }}
        style={{ marginBottom: 0 }}
      >
        {d.description}
      </Typography.Paragraph>
      {(part || d.ticket) && (
        <div style={{ fontSize: 12, color: "rgba(0,0,0,.55)" }}>
          {part}
          {part && d.ticket && " · "}
          {d.ticket && (
            <Link
              to={`/atendimentos?q=${encodeURIComponent(d.ticket.protocol)}&atendimento=${d.ticket.id}`}
              aria-label={`Abrir atendimento ${d.ticket.protocol}`}
            >
              atendimento {d.ticket.protocol}
            </Link>
          )}
        </div>
      )}
    </>
  );
}

const money = (c: number) => <span style={{ whiteSpace: "nowrap" }}>{formatCents(c)}</span>;

interface IconActionProps {
  label: string;
  tooltip: string;
  icon: ReactNode;
  enabled: boolean;
  loading?: boolean;
  danger?: boolean;
  onClick?: () => void;
  href?: string;
}

/** An icon button named by its option; a disabled one still says why in its tooltip. */
function IconAction({ label, tooltip, icon, enabled, loading, danger, onClick, href }: IconActionProps) {
  return (
    <Tooltip title={tooltip}>
      <Button
        size="small"
        type="text"
        aria-label={label}
        icon={icon}
        danger={danger}
        disabled={!enabled}
        loading={loading}
        onClick={onClick}
        href={enabled ? href : undefined}
        download={href && enabled ? "" : undefined}
      />
    </Tooltip>
  );
}

export default function ReceivablesPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const showEmail = useShowEmailOutcome();
  const { filters, update, clear, hasFilters } = useDebtFilters();
  const query = useMemo(() => toDebtQuery(filters), [filters]);
  const list = useDebtList(query);
  const [paying, setPaying] = useState<DebtDto | null>(null);
  const [cancelling, setCancelling] = useState<DebtDto | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // below md (a phone) the grid is a list of cards: nine columns cannot be read at 390 px
  const asCards = Grid.useBreakpoint().md === false;

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: financeKeys.all }),
    [queryClient],
  );

  const collect = useCallback(
    async (d: DebtDto) => {
      setBusy(`${d.id}:collect`);
      try {
        const res = await financeApi.collect(d.id);
        const due = res.debt.quote?.totalCents ?? res.debt.balanceCents;
        message.success(`Cobrança de ${formatCents(due)} registrada: ${debtTitle(d)}`);
        showEmail(res.email);
      } catch (e) {
        message.error(errorMessage(e), 8);
      } finally {
        setBusy(null);
        await refresh();
      }
    },
    [message, refresh, showEmail],
  );

  const actions = useCallback(
    (d: DebtDto) => {
      const a = d.actions;
      return (
        <Space size={0}>
          <IconAction
            label="Baixa"
            tooltip={a.pay ? "Baixa: registrar pagamento" : "Este débito não está em aberto"}
            icon={<DollarOutlined aria-hidden />}
            enabled={a.pay}
            onClick={() => setPaying(d)}
          />
          <IconAction
            label="Cobrar por e-mail"
            tooltip={
              a.collect
                ? "Cobrar por e-mail: envia o débito com o PIX copia e cola ao cliente"
                : "Só débitos em aberto podem ser cobrados"
            }
            icon={<MailOutlined aria-hidden />}
            enabled={a.collect}
            loading={busy === `${d.id}:collect`}
            onClick={() => collect(d)}
          />
          <IconAction
            label="Recibo de quitação"
            tooltip={
              a.receipt
                ? "Baixar o recibo de quitação (PDF)"
                : "A quitação fica disponível quando o débito é pago; o recibo de cada pagamento está em Detalhes"
            }
            icon={<FilePdfOutlined aria-hidden />}
            enabled={a.receipt}
            href={debtReceiptPath(d.id)}
          />
          <IconAction
            label="Cancelar débito"
            tooltip={
              a.cancel ? "Cancelar o débito" : "Só débitos em aberto e sem pagamentos podem ser cancelados"
            }
            icon={<StopOutlined aria-hidden />}
            enabled={a.cancel}
            danger
            onClick={() => setCancelling(d)}
          />
          <IconAction
            label="Detalhes"
            tooltip="Detalhes: pagamentos, histórico e PIX"
            icon={<ProfileOutlined aria-hidden />}
            enabled
            onClick={() => update({ debt: d.id })}
          />
        </Space>
      );
    },
    [busy, collect, update],
  );

  const sortOrder = (key: DebtSort): SortOrder =>
    filters.sort === key ? (filters.order === "asc" ? "ascend" : "descend") : null;
  const sortable = (key: DebtSort) => ({ key, sorter: true, sortOrder: sortOrder(key) });

  const columns: TableColumnsType<DebtDto> = [
    {
      title: <ColumnTitle>Cliente</ColumnTitle>,
      dataIndex: ["client", "name"],
      ...sortable("client"),
      ellipsis: { showTitle: false },
      width: 140,
      render: (name: string) => (
        <Tooltip title={name} placement="topLeft">
          {name}
        </Tooltip>
      ),
    },
    {
      title: "Descrição",
      key: "description",
      render: (_, d) => <Description debt={d} />,
    },
    { title: "Categoria", dataIndex: ["category", "name"], width: 105, ellipsis: true },
    {
      title: <ColumnTitle>Vencimento</ColumnTitle>,
      dataIndex: "dueDate",
      ...sortable("dueDate"),
      width: 114,
      render: (v: string) => <ShortDate isoDate={v} />,
    },
    {
      title: <ColumnTitle>Valor</ColumnTitle>,
      dataIndex: "amountCents",
      ...sortable("amount"),
      align: "right",
      width: 108,
      render: money,
    },
    { title: "Pago", dataIndex: "paidCents", align: "right", width: 100, render: money },
    { title: "Saldo", dataIndex: "balanceCents", align: "right", width: 100, render: money },
    {
      title: "Status",
      dataIndex: "status",
      width: 112,
      render: (v: DebtStatus) => <DebtStatusTag status={v} />,
    },
    {
      title: "Opções",
      key: "options",
      width: 140,
      fixed: "right",
      render: (_, d) => actions(d),
    },
  ];

  const onChange: TableProps<DebtDto>["onChange"] = (pagination, _f, sorter, extra) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = (s?.columnKey ?? filters.sort) as DebtSort;
    const order = s?.order === "ascend" ? "asc" : s?.order === "descend" ? "desc" : filters.order;
    update({
      page: extra.action === "sort" ? 1 : (pagination.current ?? 1),
      pageSize: pagination.pageSize ?? filters.pageSize,
      sort,
      order,
    });
  };

  const totals = list.data?.totals;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <PageHeader
        title="Contas a receber"
        breadcrumb="Financeiro"
        extra={
          <>
            <RefreshButton onClick={refresh} loading={list.isFetching && !list.isPending} />
            <ExportButton path="/api/finance/debts/export" query={{ ...query }} compact={asCards} />
            <Button
              icon={<FileTextOutlined aria-hidden />}
              disabled={!filters.clientId}
              title={filters.clientId ? undefined : "Filtre por um cliente para ver o extrato"}
              onClick={() =>
                navigate(`/financeiro/extrato?clientId=${encodeURIComponent(filters.clientId ?? "")}`)
              }
            >
              Extrato do cliente
            </Button>
          </>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <FiltersBar
            filters={filters}
            onChange={update}
            onClear={clear}
            hasFilters={hasFilters}
            compact={asCards}
          />
          <Totals totals={totals} />
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
          {asCards ? (
            <DebtCards
              items={list.data?.items ?? []}
              loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
              empty={hasFilters ? "Nenhum débito com estes filtros" : "Nenhum débito lançado"}
              actions={actions}
              page={filters.page}
              pageSize={filters.pageSize}
              total={list.data?.total ?? 0}
              onPage={(page, pageSize) =>
                update({ page: pageSize === filters.pageSize ? page : 1, pageSize })
              }
            />
          ) : (
            <Table<DebtDto>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
              onChange={onChange}
              sortDirections={["ascend", "descend", "ascend"]}
              // 1080: the table fits the 1366 px notebook with the menu open
              scroll={{ x: 1080 }}
              locale={{ emptyText: hasFilters ? "Nenhum débito com estes filtros" : "Nenhum débito lançado" }}
              pagination={{
                current: filters.page,
                pageSize: filters.pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: PAGE_SIZES,
                showTotal: (total, [from, to]) => `${from}–${to} de ${total} débitos`,
              }}
            />
          )}
        </Space>
      </Card>
      <DebtDrawer
        id={filters.debt}
        onClose={() => update({ debt: null })}
        actions={(d) => (
          <Space size={4}>
            {d.actions.pay && (
              <Button icon={<DollarOutlined aria-hidden />} onClick={() => setPaying(d)}>
                Baixa
              </Button>
            )}
            {d.actions.collect && (
              <Button
                icon={<MailOutlined aria-hidden />}
                loading={busy === `${d.id}:collect`}
                onClick={() => collect(d)}
              >
                Cobrar por e-mail
              </Button>
            )}
            {d.actions.receipt && (
              <Button icon={<FilePdfOutlined aria-hidden />} href={debtReceiptPath(d.id)} download="">
                Recibo de quitação
              </Button>
            )}
          </Space>
        )}
      />
      {paying && <PaymentModal key={paying.id} debt={paying} onClosed={() => setPaying(null)} />}
      {cancelling && (
        <ReasonModal
          title="Cancelar débito"
          description={`${cancelling.client.name}: ${debtTitle(cancelling)}, ${formatCents(cancelling.amountCents)}. O débito deixa de ser cobrado.`}
          okText="Cancelar débito"
          danger
          onSubmit={async (reason) => {
            try {
              await financeApi.cancel(cancelling.id, reason);
            } catch (e) {
              // someone paid it meanwhile: show the current state behind the dialog
              if (e instanceof ApiError && e.status === 409) await refresh();
              throw e;
            }
            message.success(`Débito cancelado: ${debtTitle(cancelling)}`);
            await refresh();
            await queryClient.invalidateQueries({ queryKey: ["tickets"] });
          }}
          onClosed={() => setCancelling(null)}
        />
      )}
    </Space>
  );
}

function Totals({
  totals,
}: {
  totals: { count: number; amountCents: number; paidCents: number; balanceCents: number } | undefined;
}) {
  const value = (c: number | undefined) => (c === undefined ? "—" : formatCents(c));
  return (
    <Flex
      wrap
      gap={32}
      role="group"
      aria-label="Totais"
      data-testid="debt-totals"
      style={{ background: "#fafafa", border: "1px solid #f0f0f0", borderRadius: 8, padding: "10px 16px" }}
    >
      <Statistic title="Total" value={value(totals?.amountCents)} styles={{ content: { fontSize: 18 } }} />
      <Statistic title="Pago" value={value(totals?.paidCents)} styles={{ content: { fontSize: 18 } }} />
      <Statistic
        title="Saldo"
        value={value(totals?.balanceCents)}
        styles={{ content: { fontSize: 18, fontWeight: 600 } }}
      />
      <Statistic title="Débitos" value={totals?.count ?? "—"} styles={{ content: { fontSize: 18 } }} />
    </Flex>
  );
}

function FiltersBar({
  filters,
  onChange,
  onClear,
  hasFilters,
  compact,
}: {
  filters: DebtFilters;
  onChange: (patch: Partial<DebtFilters>) => void;
  onClear: () => void;
  hasFilters: boolean;
  /** on a phone: one field per line, each as wide as the screen */
  compact: boolean;
}) {
  const full = compact ? { width: "100%" } : undefined;
  return (
    <Flex
      wrap={!compact}
      vertical={compact}
      gap={8}
      align={compact ? "stretch" : "center"}
      role="search"
      aria-label="Filtros de débitos"
    >
      <SearchBox
        value={filters.q}
        onSearch={(q) => onChange({ q })}
        placeholder="Buscar por descrição ou cliente"
        width={compact ? "100%" : 240}
      />
      <ClientSelect
        aria-label="Filtrar por cliente"
        placeholder="Cliente"
        allowClear
        value={filters.clientId}
        onChange={(clientId) => onChange({ clientId })}
        style={full ?? { width: 220 }}
      />
      <Select<DebtStatus[]>
        aria-label="Filtrar por status"
        mode="multiple"
        allowClear
        placeholder="Status"
        maxTagCount="responsive"
        options={statusOptions}
        value={filters.status}
        onChange={(status) => onChange({ status })}
        style={full ?? { width: 190 }}
      />
      <DatePicker.RangePicker
        aria-label="Filtrar por vencimento"
        format="DD/MM/YYYY"
        placeholder={["Vencimento de", "até"]}
        allowEmpty={[true, true]}
        style={full}
        value={[filters.dueFrom ? dayjs(filters.dueFrom) : null, filters.dueTo ? dayjs(filters.dueTo) : null]}
        onChange={(range) =>
          onChange({
            dueFrom: range?.[0]?.format("YYYY-MM-DD") ?? null,
            dueTo: range?.[1]?.format("YYYY-MM-DD") ?? null,
          })
        }
      />
      <Button icon={<ClearOutlined aria-hidden />} onClick={onClear} disabled={!hasFilters}>
        Limpar filtros
      </Button>
    </Flex>
  );
}

/** Contas a receber on a phone: one card per debt with the same options and the same paging. */
function DebtCards({
  items,
  loading,
  empty,
  actions,
  page,
  pageSize,
  total,
  onPage,
}: {
  items: DebtDto[];
  loading: boolean;
  empty: string;
  actions: (d: DebtDto) => ReactNode;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number, pageSize: number) => void;
}) {
  return (
    <CardList
      label="Débitos"
      items={items}
      loading={loading}
      empty={empty}
      page={page}
      pageSize={pageSize}
      total={total}
      pageSizeOptions={PAGE_SIZES}
      totalNoun="débitos"
      onPage={onPage}
      card={(d) => ({
        label: `Débito ${d.client.name}: ${debtTitle(d)}`,
        testId: "debt-card",
        title: <span style={{ whiteSpace: "normal", overflowWrap: "anywhere" }}>{d.client.name}</span>,
        extra: <DebtStatusTag status={d.status} />,
        body: (
          <>
            <Description debt={d} />
            <CardField label="Vencimento">{formatIsoDateBR(d.dueDate)}</CardField>
            <CardField label="Valor">{money(d.amountCents)}</CardField>
            <CardField label="Saldo">
              <strong>{money(d.balanceCents)}</strong>
            </CardField>
          </>
        ),
        actions: actions(d),
      })}
    />
  );
}
