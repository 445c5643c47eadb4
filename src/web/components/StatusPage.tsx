import { Button, Flex, Typography } from "antd";
import type { ReactNode } from "react";

/** A light full-width message (404, 403, failures) — cheaper than antd Result's illustrations. */
export function StatusPage({
  code,
  title,
  subtitle,
  action,
  onAction,
}: {
  code?: string;
  title: string;
  subtitle?: ReactNode;
  action?: string;
  onAction?: () => void;
}) {
  return (
    <Flex vertical align="center" gap={8} style={{ padding: "64px 24px", textAlign: "center" }}>
      {code && (
        <Typography.Text style={{ fontSize: 56, fontWeight: 700, color: "#d0d7e2", lineHeight: 1 }}>
          {code}
        </Typography.Text>
      )}
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      {action && (
        <Button type="primary" onClick={onAction} style={{ marginTop: 16 }}>
          {action}
        </Button>
      )}
    </Flex>
  );
}
