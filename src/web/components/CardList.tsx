import { Card, Empty, Flex, Pagination, Spin, Typography } from "antd";
import type { ReactNode } from "react";

/** A label and its value on one line of a card; a long value wraps instead of widening the card. */
export function CardField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Flex gap={8} justify="space-between" align="baseline">
      <Typography.Text type="secondary" style={{ flex: "none" }}>
        {label}
      </Typography.Text>
      <span style={{ minWidth: 0, textAlign: "right", overflowWrap: "anywhere" }}>{children}</span>
    </Flex>
  );
}

export interface CardOf {
  /** what a screen reader says of the card */
  label: string;
  testId: string;
  title?: ReactNode;
  extra?: ReactNode;
  body: ReactNode;
  actions: ReactNode;
}

/**
 * A list on a phone: one card per record (its fields, then its actions under a line), the empty
 * state, and the same paging as the table it replaces.
 */
export function CardList<T extends { id: string }>({
  label,
  items,
  loading,
  empty,
  card,
  page,
  pageSize,
  total,
  pageSizeOptions,
  totalNoun = "",
  onPage,
}: {
  label: string;
  items: T[];
  loading: boolean;
  empty: string;
  card: (item: T, index: number) => CardOf;
  page: number;
  pageSize: number;
  total: number;
  pageSizeOptions: number[];
  /** "débitos" → "1–20 de 45 débitos" */
  totalNoun?: string;
  onPage: (page: number, pageSize: number) => void;
}) {
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={12}>
        {items.length === 0 && !loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />}
        <Flex vertical gap={12} role="list" aria-label={label}>
          {items.map((item, index) => {
            const c = card(item, index);
            return (
              <Card
                key={item.id}
                size="small"
                role="listitem"
                aria-label={c.label}
                data-testid={c.testId}
                title={c.title}
                extra={c.extra}
                styles={{ body: { paddingBlock: 8 } }}
              >
                <Flex vertical gap={4}>
                  {c.body}
                  <Flex
                    justify="flex-end"
                    wrap
                    style={{ borderTop: "1px solid #f0f0f0", paddingTop: 4, marginTop: 4 }}
                  >
                    {c.actions}
                  </Flex>
                </Flex>
              </Card>
            );
          })}
        </Flex>
        {total > 0 && (
          <Pagination
            align="center"
            size="small"
            current={page}
            pageSize={pageSize}
            total={total}
            showSizeChanger
            pageSizeOptions={pageSizeOptions}
            showTotal={(t, [from, to]) => `${from}–${to} de ${t}${totalNoun ? ` ${totalNoun}` : ""}`}
            onChange={onPage}
          />
        )}
      </Flex>
    </Spin>
  );
}
