import { KeyOutlined, LaptopOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from "@ant-design/icons";
import { App, type MenuProps } from "antd";
import { useNavigate } from "react-router";
import { errorMessage } from "../../api/client.js";
import { useAuth, useMe } from "../auth/AuthContext.js";

/** The header's user menu (name, e-mail, Minha conta's tabs, Sair), shared by the office layout and the client portal. */
export function useUserMenu(): MenuProps {
  const me = useMe();
  const { logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  return {
    items: [
      {
        key: "who",
        disabled: true,
        label: (
          <div style={{ lineHeight: 1.4 }}>
            <div style={{ color: "rgba(0,0,0,.88)", fontWeight: 500 }}>{me.name}</div>
            <div style={{ fontSize: 12 }}>{me.email}</div>
          </div>
        ),
      },
      { type: "divider" },
      { key: "perfil", icon: <UserOutlined aria-hidden />, label: "Meu perfil" },
      { key: "senha", icon: <KeyOutlined aria-hidden />, label: "Alterar senha" },
      { key: "sessoes", icon: <LaptopOutlined aria-hidden />, label: "Sessões ativas" },
      ...(me.role !== "client"
        ? [{ key: "2fa", icon: <SafetyOutlined aria-hidden />, label: "Verificação em duas etapas" }]
        : []),
      { type: "divider" },
      { key: "logout", icon: <LogoutOutlined aria-hidden />, label: "Sair", danger: true },
    ],
    onClick: async ({ key }) => {
      if (key !== "logout") {
        navigate(`${me.role === "client" ? "/portal/conta" : "/conta"}?aba=${key}`);
        return;
      }
      try {
        await logout();
        navigate("/login", { replace: true });
      } catch (e) {
        message.error(errorMessage(e));
      }
    },
  };
}
