// first: configures Zod before any schema of src/shared is built
import "./zod-config.js";
import {
  CheckCircleFilled,
  CloseCircleFilled,
  CloseOutlined,
  DownOutlined,
  EllipsisOutlined,
  ExclamationCircleFilled,
  InfoCircleFilled,
  LoadingOutlined,
  QuestionCircleOutlined,
} from "@ant-design/icons";
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

function darkerTagText(colors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(colors).flatMap(([name, color]) => [
      [`${name}7`, color],
      [`${name}-7`, color],
    ]),
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("#root not found");

createRoot(root).render(
  <StrictMode>
    <ConfigProvider
      locale={ptBR}
      theme={{
        token: {
          colorPrimary: "#1668dc",
          // WCAG AA (4.5:1 on white and on the light greys of tables and cards): antd's default
          // links (#1677ff), secondary text (45% black) and placeholders (25% black) fall short
          colorLink: "#1668dc",
          // hovered and pressed buttons and links get darker, not lighter (antd's derived hover blue
          // under white text is 3.6:1): the text stays readable under the pointer
          colorPrimaryHover: "#0958d9",
          colorPrimaryActive: "#003eb3",
          colorLinkHover: "#0958d9",
          colorLinkActive: "#003eb3",
          colorInfo: "#1668dc",
          colorTextSecondary: "rgba(0, 0, 0, 0.62)",
          colorTextTertiary: "rgba(0, 0, 0, 0.6)",
          colorTextDescription: "rgba(0, 0, 0, 0.6)",
          colorTextPlaceholder: "rgba(0, 0, 0, 0.58)",
          colorError: "#cf1322",
          colorSuccessText: "#237804",
          colorWarningText: "#874d00",
          // the text of coloured tags (colour-7 on colour-1) is below 4.5:1 for these colours; both
          // spellings, or the CSS variable (--ant-green-7) keeps antd's colour
          ...darkerTagText({
            green: "#237804",
            gold: "#874d00",
            orange: "#ad4e00",
            volcano: "#ad2102",
            cyan: "#006d75",
            lime: "#3f6600",
            yellow: "#876800",
          }),
          borderRadius: 6,
          fontFamily:
            "Inter, -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
        },
        components: { Layout: { headerHeight: 64, siderBg: "#0b1f3a", triggerBg: "#0a1a31" } },
      }}
      // antd's own icons carry English names ("down", "close-circle", "ellipsis"): decorative ones
      // are hidden from screen readers, the ones that are a control's only content get a pt-BR name
      select={{
        suffixIcon: <DownOutlined aria-hidden />,
        loadingIcon: <LoadingOutlined spin aria-hidden />,
        clearIcon: <CloseCircleFilled aria-label="Limpar" />,
        removeIcon: <CloseOutlined aria-label="Remover" />,
      }}
      alert={{
        successIcon: <CheckCircleFilled aria-hidden />,
        infoIcon: <InfoCircleFilled aria-hidden />,
        warningIcon: <ExclamationCircleFilled aria-hidden />,
        errorIcon: <CloseCircleFilled aria-hidden />,
      }}
      button={{ loadingIcon: <LoadingOutlined spin aria-hidden /> }}
      modal={{ closeIcon: <CloseOutlined aria-hidden /> }}
      drawer={{ closeIcon: <CloseOutlined aria-hidden /> }}
      tabs={{ more: { icon: <EllipsisOutlined aria-label="Mais abas" /> } }}
      form={{ tooltip: { icon: <QuestionCircleOutlined aria-label="Ajuda" /> } }}
    >
      {/* antd's App (message/notification/modal) wraps the office and portal layouts, not the login */}
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ConfigProvider>
  </StrictMode>,
);
