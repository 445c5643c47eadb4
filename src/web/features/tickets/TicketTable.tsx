import { Table, type TableColumnsType, type TableProps, Tag, Tooltip, Typography } from "antd";
import type { SortOrder } from "antd/es/table/interface";
import type { Page, TicketRow, TicketSort } from "../../../shared/api.js";
import { formatCents } from "../../../shared/money.js";
import { formatDateTime } from "../../components/format.js";
import { OptionsCell, type RowHandlers, StatusCell } from "./RowActions.js";
import { PAGE_SIZES, type TicketFilters } from "./useTicketFilters.js";

interface Props {
  filters: TicketFilters;
  data: Page<TicketRow> | undefined;
  loading: boolean;
  handlers: RowHandlers;
  onOpen: (row: TicketRow) => void;
  onTableChange: (patch: { page: number; pageSize: number; sort: TicketSort; order: "asc" | "desc" }) => void;
}

/**
 * Column titles as elements: antd copies a plain-string title of a sortable column into the header's
 * aria-label, which makes `getByLabel("Assunto")` ambiguous next to the form field of that name.
 * The header's accessible name still comes from this text.
 */
function ColumnTitle({ children }: { children: string }) {
  return <span>{children}</span>;
}

function LinkText({ children, onClick, label }: { children: string; onClick: () => void; label: string }) {
  return (
    <Typography.Link
      onClick={(e) => {
        e.preventDefault();
        onClick();
      }}
      href="#"
      aria-label={label}
    >
      {children}
    </Typography.Link>
  );
}

export function TicketTable({ filters, data, loading, handlers, onOpen, onTableChange }: Props) {
  const sortOrder = (key: TicketSort): SortOrder =>
    filters.sort === key ? (filters.order === "asc" ? "ascend" : "descend") : null;
  const sortable = (key: TicketSort) => ({ key, sorter: true, sortOrder: sortOrder(key) });

  const columns: TableColumnsType<TicketRow> = [
    {
      title: "Opções",
      key: "options",
      width: 140,
      fixed: "left",
      render: (_, row) => <OptionsCell row={row} h={handlers} />,
    },
    {
      title: <ColumnTitle>Protocolo</ColumnTitle>,
      dataIndex: "protocol",
      ...sortable("protocol"),
      width: 110,
      render: (_, row) => (
        <LinkText onClick={() => onOpen(row)} label={`Ver atendimento ${row.protocol}`}>
          {row.protocol}
        </LinkText>
      ),
    },
    {
      title: <ColumnTitle>Solicitante</ColumnTitle>,
      dataIndex: ["requester", "name"],
      ...sortable("requester"),
      ellipsis: true,
      width: 170,
    },
    {
      title: <ColumnTitle>Assunto</ColumnTitle>,
      dataIndex: "subject",
      ...sortable("subject"),
      ellipsis: true,
      width: 220,
      render: (_, row) => (
        <LinkText onClick={() => onOpen(row)} label={row.subject}>
          {row.subject}
        </LinkText>
      ),
    },
    {
      title: <ColumnTitle>Responsável</ColumnTitle>,
      dataIndex: ["assignee", "name"],
      ...sortable("assignee"),
      ellipsis: true,
      width: 130,
      render: (_, row) => row.assignee?.name ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: <ColumnTitle>Data de Abertura</ColumnTitle>,
      dataIndex: "createdAt",
      ...sortable("createdAt"),
      width: 132,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: <ColumnTitle>Atualizado</ColumnTitle>,
      dataIndex: "updatedAt",
      ...sortable("updatedAt"),
      width: 132,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: <ColumnTitle>Valor</ColumnTitle>,
      dataIndex: "amountCents",
      ...sortable("amount"),
      align: "right",
      width: 140,
      render: (v: number, row) => (
        <>
          <span style={{ whiteSpace: "nowrap" }}>{formatCents(v)}</span>
          {row.openDebtCents > 0 && (
            <div>
              <Tooltip title="Saldo em aberto dos débitos lançados por Movimentar (Financeiro › Contas a receber)">
                <Tag color="orange" style={{ marginInlineEnd: 0, marginTop: 2, whiteSpace: "nowrap" }}>
                  Em débito {formatCents(row.openDebtCents)}
                </Tag>
              </Tooltip>
            </div>
          )}
        </>
      ),
    },
    {
      title: <ColumnTitle>Serviço</ColumnTitle>,
      dataIndex: ["service", "name"],
      ...sortable("service"),
      ellipsis: true,
      width: 150,
    },
    {
      title: <ColumnTitle>Status</ColumnTitle>,
      dataIndex: "status",
      ...sortable("status"),
      width: 150,
      fixed: "right",
      render: (_, row) => <StatusCell row={row} h={handlers} />,
    },
  ];

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
      dataSource={data?.items ?? []}
      loading={loading}
      onChange={onChange}
      // never "unsorted": a third click goes back to ascending
      sortDirections={["ascend", "descend", "ascend"]}
      scroll={{ x: 1275 }}
      locale={{ emptyText: "Nenhum atendimento encontrado" }}
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
