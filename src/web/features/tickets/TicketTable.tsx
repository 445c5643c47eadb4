import { Grid, Table, type TableColumnsType, type TableProps, Tag, Tooltip, Typography } from "antd";
import type { SortOrder } from "antd/es/table/interface";
import type { Page, TicketRow, TicketSort } from "../../../shared/api.js";
import { formatCents } from "../../../shared/money.js";
import { formatDateTime, formatShortDate, formatShortDateTime } from "../../components/format.js";
import type { ColumnPrefs, MovableColumn } from "./columnPrefs.js";
import { OptionsCell, type RowHandlers, StatusCell } from "./RowActions.js";
import { PAGE_SIZES, type TicketFilters } from "./useTicketFilters.js";

export interface TicketTableProps {
  filters: TicketFilters;
  data: Page<TicketRow> | undefined;
  loading: boolean;
  handlers: RowHandlers;
  onOpen: (row: TicketRow) => void;
  onTableChange: (patch: { page: number; pageSize: number; sort: TicketSort; order: "asc" | "desc" }) => void;
  /** the rows checked for a bulk action (by id, also those of an earlier refetch no longer on screen) */
  selection?: { ids: string[]; onChange: (ids: string[]) => void };
}

interface Props extends TicketTableProps {
  prefs: ColumnPrefs;
}

/**
 * Column titles as elements: antd copies a plain-string title of a sortable column into the header's
 * aria-label, which makes `getByLabel("Assunto")` ambiguous next to the form field of that name.
 * The header's accessible name still comes from this text.
 */
function ColumnTitle({ children }: { children: string }) {
  return (
    <span
      title={children}
      // two words may wrap ("Data de / Abertura"); a word wider than its column ends in "…"
      style={{ display: "block", overflow: "hidden", textOverflow: "ellipsis", overflowWrap: "normal" }}
    >
      {children}
    </span>
  );
}

export const COLUMN_LABELS: Record<MovableColumn, string> = {
  protocol: "Protocolo",
  requester: "Solicitante",
  subject: "Assunto",
  assignee: "Responsável",
  createdAt: "Data de Abertura",
  updatedAt: "Atualizado",
  amount: "Valor",
  service: "Serviço",
};

/**
 * Widths chosen so that all ten columns fit a 1366 px notebook screen with the menu open. Solicitante,
 * Assunto and Serviço have none: they take what is left (at least MIN_FLEX each), so a wider screen gives its
 * room to the text that needs it. Long text is cut with an ellipsis and shown whole in its title.
 */
const WIDTHS: Record<MovableColumn | "options" | "status", number | undefined> = {
  options: 128,
  protocol: 100,
  requester: undefined,
  subject: undefined,
  assignee: 122,
  createdAt: 92,
  updatedAt: 108,
  amount: 100,
  service: undefined,
  status: 124,
};
const SELECTION_WIDTH = 36;
const MIN_FLEX: Partial<Record<MovableColumn, number>> = { requester: 92, subject: 108, service: 92 };
/** on a screen of 1600 px or more the dates show their time too */
const WIDE_WIDTHS: Partial<Record<MovableColumn, number>> = { createdAt: 116, updatedAt: 116 };

export function LinkText({
  children,
  onClick,
  label,
  title,
}: {
  children: string;
  onClick: () => void;
  label: string;
  title?: string;
}) {
  return (
    <Typography.Link
      onClick={(e) => {
        e.preventDefault();
        onClick();
      }}
      href="#"
      aria-label={label}
      title={title}
    >
      {children}
    </Typography.Link>
  );
}

/** a possibly long text cut to its cell, whole in the tooltip */
function Clipped({ text }: { text: string | null | undefined }) {
  if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
  return <span title={text}>{text}</span>;
}

/** "05/03/26 10:07" on a wide screen, "05/03/26" on a narrower one; the full date in the tooltip */
function DateCell({ iso, withTime }: { iso: string; withTime: boolean }) {
  return (
    <span title={formatDateTime(iso)} style={{ whiteSpace: "nowrap" }}>
      {withTime ? formatShortDateTime(iso) : formatShortDate(iso)}
    </span>
  );
}

/** the value and, under it, the open balance of its debts (wrapping inside the cell when narrow) */
export function AmountCell({ row }: { row: TicketRow }) {
  return (
    <>
      <span style={{ whiteSpace: "nowrap" }}>{formatCents(row.amountCents)}</span>
      {row.openDebtCents > 0 && (
        <div>
          <Tooltip title="Saldo em aberto dos débitos lançados por Movimentar (Financeiro › Contas a receber)">
            <Tag
              color="orange"
              style={{
                marginInlineEnd: 0,
                marginTop: 2,
                whiteSpace: "normal",
                maxWidth: "100%",
                lineHeight: "16px",
                paddingBlock: 1,
              }}
            >
              Em débito <span style={{ whiteSpace: "nowrap" }}>{formatCents(row.openDebtCents)}</span>
            </Tag>
          </Tooltip>
        </div>
      )}
    </>
  );
}

export function TicketTable({
  filters,
  data,
  loading,
  handlers,
  onOpen,
  onTableChange,
  prefs,
  selection,
}: Props) {
  // the time of the dates only where there is room for it (≥ 1600 px); the tooltip always has it
  const withTime = Grid.useBreakpoint().xxl === true;
  const sortOrder = (key: TicketSort): SortOrder =>
    filters.sort === key ? (filters.order === "asc" ? "ascend" : "descend") : null;
  const sortable = (key: TicketSort) => ({
    key,
    sorter: true,
    sortOrder: sortOrder(key),
    title: <ColumnTitle>{COLUMN_LABELS[key as MovableColumn]}</ColumnTitle>,
  });

  const movable: Record<MovableColumn, TableColumnsType<TicketRow>[number]> = {
    protocol: {
      dataIndex: "protocol",
      ...sortable("protocol"),
      ellipsis: true,
      render: (_, row) => (
        <LinkText onClick={() => onOpen(row)} label={`Ver atendimento ${row.protocol}`} title={row.protocol}>
          {row.protocol}
        </LinkText>
      ),
    },
    requester: {
      dataIndex: ["requester", "name"],
      ...sortable("requester"),
      ellipsis: { showTitle: false },
      render: (_, row) => <Clipped text={row.requester.name} />,
    },
    subject: {
      dataIndex: "subject",
      ...sortable("subject"),
      ellipsis: { showTitle: false },
      render: (_, row) => (
        <LinkText onClick={() => onOpen(row)} label={row.subject} title={row.subject}>
          {row.subject}
        </LinkText>
      ),
    },
    assignee: {
      dataIndex: ["assignee", "name"],
      ...sortable("assignee"),
      ellipsis: { showTitle: false },
      render: (_, row) => <Clipped text={row.assignee?.name} />,
    },
    createdAt: {
      dataIndex: "createdAt",
      ...sortable("createdAt"),
      render: (v: string) => <DateCell iso={v} withTime={withTime} />,
    },
    updatedAt: {
      dataIndex: "updatedAt",
      ...sortable("updatedAt"),
      render: (v: string) => <DateCell iso={v} withTime={withTime} />,
    },
    amount: {
      dataIndex: "amountCents",
      ...sortable("amount"),
      align: "right",
      render: (_, row) => <AmountCell row={row} />,
    },
    service: {
      dataIndex: ["service", "name"],
      ...sortable("service"),
      ellipsis: { showTitle: false },
      render: (_, row) => <Clipped text={row.service?.name} />,
    },
  };

  const visible = prefs.order.filter((c) => !prefs.hidden.includes(c));
  const width = (c: MovableColumn) => (withTime ? WIDE_WIDTHS[c] : undefined) ?? WIDTHS[c];
  const columns: TableColumnsType<TicketRow> = [
    {
      title: "Opções",
      key: "options",
      width: WIDTHS.options,
      fixed: "left",
      onCell: () => ({ style: { paddingInline: 4 } }),
      render: (_, row) => <OptionsCell row={row} h={handlers} />,
    },
    ...visible.map((c) => ({ ...movable[c], width: width(c) })),
    {
      title: <ColumnTitle>Status</ColumnTitle>,
      dataIndex: "status",
      key: "status",
      sorter: true,
      sortOrder: sortOrder("status"),
      width: WIDTHS.status,
      fixed: "right",
      render: (_, row) => <StatusCell row={row} h={handlers} />,
    },
  ];
  const scrollX =
    (selection ? SELECTION_WIDTH : 0) +
    (WIDTHS.options ?? 0) +
    (WIDTHS.status ?? 0) +
    visible.reduce((sum, c) => sum + (width(c) ?? MIN_FLEX[c] ?? 0), 0);

  const onChange: TableProps<TicketRow>["onChange"] = (pagination, _filters, sorter, extra) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = (s?.columnKey ?? filters.sort) as TicketSort;
    const order = s?.order === "ascend" ? "asc" : s?.order === "descend" ? "desc" : filters.order;
    const sortChanged = extra.action === "sort";
    onTableChange({
      page: sortChanged ? 1 : (pagination.current ?? 1),
      pageSize: pagination.pageSize ?? filters.pageSize,
      sort: key,
      order,
    });
  };

  return (
    <Table<TicketRow>
      rowKey="id"
      size="small"
      columns={columns}
      rowSelection={
        selection && {
          selectedRowKeys: selection.ids,
          // the checked rows that are not on this page stay checked
          preserveSelectedRowKeys: true,
          onChange: (keys) => selection.onChange(keys.map(String)),
          columnWidth: SELECTION_WIDTH,
          fixed: "left",
          // antd repeats the column titles in an aria-hidden measuring row: a select-all checkbox there
          // is a focusable element screen readers cannot see (axe aria-hidden-focus): "Selecionar todos da
          // página" is in the bulk bar above the grid instead
          hideSelectAll: true,
          getCheckboxProps: (row) => ({ "aria-label": `Selecionar atendimento ${row.protocol}` }),
        }
      }
      dataSource={data?.items ?? []}
      loading={loading}
      onChange={onChange}
      // never "unsorted": a third click goes back to ascending
      sortDirections={["ascend", "descend", "ascend"]}
      // the sum of the widths: a scrollbar only where they do not fit, the table stretches on wider screens
      scroll={{ x: scrollX }}
      // antd's placeholder grey (#bfbfbf) fails the contrast check; a new office sees this first
      locale={{
        emptyText: <Typography.Text type="secondary">Nenhum atendimento encontrado</Typography.Text>,
      }}
      pagination={{
        current: filters.page,
        pageSize: filters.pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES,
        showTotal: (total, [from, to]) => `${from}–${to} de ${total} atendimentos`,
        placement: ["bottomEnd"],
      }}
    />
  );
}
