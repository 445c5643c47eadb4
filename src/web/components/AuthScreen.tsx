import { Typography, theme } from "antd";
import type { ReactNode } from "react";

/**
 * The full-screen card with the brand used by the pages outside the app (login, invitation). A plain
 * box styled like antd's Card: Card pulls in Tabs (~13 kB gzip) the first page does not need.
 */
export function AuthScreen({
  subtitle,
  width = 400,
  children,
}: {
  subtitle?: string;
  width?: number;
  children: ReactNode;
}) {
  const { token } = theme.useToken();
  return (
    <main
      style={{
        minHeight: "100vh",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        padding: 24,
        // what antd's App gives the pages inside it (the login is outside it)
        fontFamily: token.fontFamily,
        fontSize: token.fontSize,
        lineHeight: token.lineHeight,
        color: token.colorText,
        background: "linear-gradient(135deg, #0b1f3a 0%, #1668dc 100%)",
      }}
    >
      <div
        style={{
          width: "100%",
          maxWidth: width,
          padding: token.paddingLG,
          background: token.colorBgContainer,
          border: `${token.lineWidth}px ${token.lineType} ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
          boxShadow: "0 12px 40px rgba(0,0,0,.25)",
        }}
      >
        <div style={{ textAlign: "center", marginBottom: 24 }}>
          <Typography.Title level={2} style={{ margin: 0, color: "#1668dc" }}>
            Atende
          </Typography.Title>
          {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
        </div>
        {children}
      </div>
    </main>
  );
}
