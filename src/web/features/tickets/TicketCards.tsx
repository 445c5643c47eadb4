import { Card, Checkbox, Empty, Flex, Pagination, Spin, Typography } from "antd";
import type { TicketRow } from "../../../shared/api.js";
import { formatShortDateTime } from "../../components/format.js";
import { OptionsCell, StatusCell } from "./RowActions.js";
import { AmountCell, LinkText, type TicketTableProps } from "./TicketTable.js";
import { PAGE_SIZES } from "./useTicketFilters.js";

/**
 * The grid on a phone: one card per atendimento with the same data and the same actions as a row
 * (the Opções buttons, the status change), the same check box for the bulk actions and the same
 * paging. Sorting stays as the URL says.
 */
export function TicketCards({
  filters,
  data,
  loading,
  handlers,
  onOpen,
  onTableChange,
  selection,
}: TicketTableProps) {
  const items = data?.items ?? [];
  const checked = new Set(selection?.ids);
  const toggle = (id: string, on: boolean) =>
    selection?.onChange(
      on ? [...(selection?.ids ?? []), id] : (selection?.ids ?? []).filter((x) => x !== id),
    );
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={12}>
        {items.length === 0 && !loading && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Nenhum atendimento encontrado" />
        )}
        <Flex vertical gap={12} role="list" aria-label="Atendimentos">
          {items.map((row) => (
            <TicketCard
              key={row.id}
              row={row}
              handlers={handlers}
              onOpen={onOpen}
              checked={selection ? checked.has(row.id) : undefined}
              onCheck={(on) => toggle(row.id, on)}
            />
          ))}
        </Flex>
        {(data?.total ?? 0) > 0 && (
          <Pagination
            align="center"
            size="small"
            current={filters.page}
            pageSize={filters.pageSize}
            total={data?.total ?? 0}
            showSizeChanger
            pageSizeOptions={PAGE_SIZES}
            showTotal={(total, [from, to]) => `${from}–${to} de ${total}`}
            onChange={(page, pageSize) =>
              onTableChange({
                page: pageSize === filters.pageSize ? page : 1,
                pageSize,
                sort: filters.sort,
                order: filters.order,
              })
            }
          />
        )}
      </Flex>
    </Spin>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Flex gap={8} justify="space-between" align="baseline">
      <Typography.Text type="secondary" style={{ flex: "none" }}>
        {label}
      </Typography.Text>
      <span style={{ minWidth: 0, textAlign: "right", overflowWrap: "anywhere" }}>{children}</span>
    </Flex>
  );
}

function TicketCard({
  row,
  handlers,
  onOpen,
  checked,
  onCheck,
}: {
  row: TicketRow;
  handlers: TicketTableProps["handlers"];
  onOpen: (row: TicketRow) => void;
  /** undefined: no selection offered */
  checked: boolean | undefined;
  onCheck: (checked: boolean) => void;
}) {
  return (
    <Card
      size="small"
      role="listitem"
      aria-label={`Atendimento ${row.protocol}`}
      data-testid="ticket-card"
      title={
        <Flex gap={8} align="center">
          {checked !== undefined && (
            <Checkbox
              checked={checked}
              onChange={(e) => onCheck(e.target.checked)}
              aria-label={`Selecionar atendimento ${row.protocol}`}
            />
          )}
          <LinkText onClick={() => onOpen(row)} label={`Ver atendimento ${row.protocol}`}>
            {row.protocol}
          </LinkText>
        </Flex>
      }
      extra={<StatusCell row={row} h={handlers} />}
      styles={{ body: { paddingBlock: 8 } }}
    >
      <Flex vertical gap={4}>
        <Typography.Text strong style={{ overflowWrap: "anywhere" }}>
          <LinkText onClick={() => onOpen(row)} label={row.subject}>
            {row.subject}
          </LinkText>
        </Typography.Text>
        <Field label="Solicitante">{row.requester.name}</Field>
        <Field label="Valor">
          <AmountCell row={row} />
        </Field>
        <Field label="Serviço">{row.service?.name ?? "—"}</Field>
        <Field label="Responsável">{row.assignee?.name ?? "—"}</Field>
        <Field label="Abertura">{formatShortDateTime(row.createdAt)}</Field>
        <Field label="Atualizado">{formatShortDateTime(row.updatedAt)}</Field>
        <Flex justify="flex-end" style={{ borderTop: "1px solid #f0f0f0", paddingTop: 4, marginTop: 4 }}>
          <OptionsCell row={row} h={handlers} />
        </Flex>
      </Flex>
    </Card>
  );
}
