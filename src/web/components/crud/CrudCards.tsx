import { Card, Empty, Flex, Pagination, Spin, Typography } from "antd";
import type { ColumnType } from "antd/es/table";
import type { ReactNode } from "react";

const PAGE_SIZES = [10, 20, 50, 100];

interface Props<T> {
  title: string;
  noun: string;
  columns: readonly unknown[];
  items: T[];
  loading: boolean;
  displayName: (dto: T) => string;
  actions: (dto: T) => ReactNode;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number, pageSize: number) => void;
}

function valueAt(record: object, dataIndex: ColumnType<object>["dataIndex"]): unknown {
  if (dataIndex === undefined || dataIndex === null) return undefined;
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  let value: unknown = record;
  for (const key of path) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string | number, unknown>)[key as string | number];
  }
  return value;
}

function cell<T extends object>(column: ColumnType<T>, record: T, index: number): ReactNode {
  const value = valueAt(record, column.dataIndex as ColumnType<object>["dataIndex"]);
  if (column.render) return column.render(value, record, index) as ReactNode;
  return value === null || value === undefined ? "—" : String(value);
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Flex gap={8} justify="space-between" align="baseline">
      <Typography.Text type="secondary" style={{ flex: "none" }}>
        {label}
      </Typography.Text>
      <span style={{ minWidth: 0, textAlign: "right", overflowWrap: "anywhere" }}>{children}</span>
    </Flex>
  );
}

/**
 * A cadastro on a phone: one card per record with the grid's columns (the first one as the card's
 * heading line) and the same Ações, and the same paging.
 */
export function CrudCards<T extends { id: string }>({
  title,
  noun,
  columns,
  items,
  loading,
  displayName,
  actions,
  page,
  pageSize,
  total,
  onPage,
}: Props<T>) {
  const [first, ...rest] = columns as ColumnType<T>[];
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={12}>
        {items.length === 0 && !loading && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Nenhum registro encontrado" />
        )}
        <Flex vertical gap={12} role="list" aria-label={title}>
          {items.map((dto, index) => (
            <Card
              key={dto.id}
              size="small"
              role="listitem"
              aria-label={`${noun} ${displayName(dto)}`}
              data-testid="crud-card"
              styles={{ body: { paddingBlock: 8 } }}
            >
              <Flex vertical gap={4}>
                {first && (
                  <Typography.Text strong style={{ overflowWrap: "anywhere", minWidth: 0 }}>
                    {cell(first, dto, index)}
                  </Typography.Text>
                )}
                {rest.map((column, i) => {
                  const value = cell(column, dto, index);
                  // a column with nothing for this record (e.g. Clientes of an office user) is left out
                  if (value === "" || value === null || value === undefined || value === false) return null;
                  return (
                    <Field
                      key={String(column.key ?? column.dataIndex ?? i)}
                      label={String(column.title ?? "")}
                    >
                      {value}
                    </Field>
                  );
                })}
                <Flex
                  justify="flex-end"
                  wrap
                  style={{ borderTop: "1px solid #f0f0f0", paddingTop: 4, marginTop: 4 }}
                >
                  {actions(dto)}
                </Flex>
              </Flex>
            </Card>
          ))}
        </Flex>
        {total > 0 && (
          <Pagination
            align="center"
            size="small"
            current={page}
            pageSize={pageSize}
            total={total}
            showSizeChanger
            pageSizeOptions={PAGE_SIZES}
            showTotal={(t, [from, to]) => `${from}–${to} de ${t}`}
            onChange={onPage}
          />
        )}
      </Flex>
    </Spin>
  );
}
