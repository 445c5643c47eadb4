import { Flex, Typography } from "antd";
import type { ReactNode } from "react";

interface Props {
  title: string;
  /** the menu group, shown above the title */
  breadcrumb?: string;
  extra?: ReactNode;
}

export function PageHeader({ title, breadcrumb, extra }: Props) {
  return (
    <Flex justify="space-between" align="flex-end" wrap gap={12}>
      <div>
        {breadcrumb && (
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12, textTransform: "uppercase", letterSpacing: 0.6 }}
          >
            {breadcrumb}
          </Typography.Text>
        )}
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
      </div>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
