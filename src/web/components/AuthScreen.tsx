import { Card, Typography } from "antd";
import type { ReactNode } from "react";

/** The full-screen card with the brand used by the pages outside the app (login, invitation). */
export function AuthScreen({
  subtitle,
  width = 400,
  children,
}: {
  subtitle?: string;
  width?: number;
  children: ReactNode;
}) {
  return (
    <main
      style={{
        minHeight: "100vh",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        padding: 24,
        background: "linear-gradient(135deg, #0b1f3a 0%, #1668dc 100%)",
      }}
    >
      <Card style={{ width: "100%", maxWidth: width, boxShadow: "0 12px 40px rgba(0,0,0,.25)" }}>
        <div style={{ textAlign: "center", marginBottom: 24 }}>
          <Typography.Title level={2} style={{ margin: 0, color: "#1668dc" }}>
            Atende
          </Typography.Title>
          {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
        </div>
        {children}
      </Card>
    </main>
  );
}
