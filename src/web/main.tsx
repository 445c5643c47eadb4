// first: configures Zod before any schema of src/shared is built
import "./zod-config.js";
import { QueryClientProvider } from "@tanstack/react-query";
import { ConfigProvider } from "antd";
import ptBR from "antd/locale/pt_BR";
import dayjs from "dayjs";
import "dayjs/locale/pt-br";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { queryClient } from "./api/queryClient.js";
import { router } from "./routes/index.js";

dayjs.locale("pt-br");

const root = document.getElementById("root");
if (!root) throw new Error("#root not found");

createRoot(root).render(
  <StrictMode>
    <ConfigProvider
      locale={ptBR}
      theme={{
        token: {
          colorPrimary: "#1668dc",
          borderRadius: 6,
          fontFamily:
            "Inter, -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
        },
        components: { Layout: { headerHeight: 64, siderBg: "#0b1f3a", triggerBg: "#0a1a31" } },
      }}
    >
      {/* antd's App (message/notification/modal) wraps the office and portal layouts, not the login */}
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ConfigProvider>
  </StrictMode>,
);
