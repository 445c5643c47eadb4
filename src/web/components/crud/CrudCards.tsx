import { Typography } from "antd";
import type { ColumnType } from "antd/es/table";
import type { ReactNode } from "react";
import { CardField, CardList } from "../CardList.js";

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
    <CardList
      label={title}
      items={items}
      loading={loading}
      empty="Nenhum registro encontrado"
      page={page}
      pageSize={pageSize}
      total={total}
      pageSizeOptions={PAGE_SIZES}
      onPage={onPage}
      card={(dto, index) => ({
        label: `${noun} ${displayName(dto)}`,
        testId: "crud-card",
        body: (
          <>
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
                <CardField
                  key={String(column.key ?? column.dataIndex ?? i)}
                  label={String(column.title ?? "")}
                >
                  {value}
                </CardField>
              );
            })}
          </>
        ),
        actions: actions(dto),
      })}
    />
  );
}
