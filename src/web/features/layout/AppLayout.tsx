import {
  AccountBookOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  ContainerOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  DollarOutlined,
  DownOutlined,
  FileTextOutlined,
  IdcardOutlined,
  InboxOutlined,
  LeftOutlined,
  LineChartOutlined,
  MailOutlined,
  MenuOutlined,
  PieChartOutlined,
  ProfileOutlined,
  RightOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SendOutlined,
  SettingOutlined,
  SolutionOutlined,
  SwapOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, type MenuProps, Typography } from "antd";
import { type ReactNode, Suspense, useMemo, useState } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { PageSpinner } from "../../components/PageSpinner.js";
import { useMe } from "../auth/AuthContext.js";
import { useUserMenu } from "./useUserMenu.js";
import "./layout.css";

const { Sider, Header, Content } = Layout;

const SIDER_BG = "#0b1f3a";
const TRIGGER_BG = "#0a1a31";

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return (
    (words[0]?.[0] ?? "") + (words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "")
  ).toUpperCase();
}

/** A page of the menu: a real link (new tab, middle click, copy address), not just a clickable item. */
function leaf(to: string, icon: ReactNode, label: string) {
  return { key: to, icon, label: <Link to={to}>{label}</Link> };
}

export default function AppLayout() {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // on a phone the menu is a drawer behind a button; below xxl the page keeps narrower margins
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const wide = screens.xxl === true;

  const items = useMemo<MenuProps["items"]>(() => {
    const cadastros = [
      leaf("/clientes", <SolutionOutlined aria-hidden />, "Clientes"),
      leaf("/servicos", <ProfileOutlined aria-hidden />, "Serviços"),
      leaf("/contadores", <IdcardOutlined aria-hidden />, "Contadores"),
      leaf("/obrigacoes", <ScheduleOutlined aria-hidden />, "Obrigações"),
      ...(me.role === "admin" ? [leaf("/usuarios", <TeamOutlined aria-hidden />, "Usuários")] : []),
    ];
    return [
      leaf("/painel", <DashboardOutlined aria-hidden />, "Painel"),
      {
        key: "movimentacao",
        icon: <SwapOutlined aria-hidden />,
        label: "Movimentação",
        children: [
          leaf("/atendimentos", <CustomerServiceOutlined aria-hidden />, "Atendimentos"),
          leaf("/caixa-de-entrada", <InboxOutlined aria-hidden />, "Caixa de entrada"),
          leaf("/prazos", <CalendarOutlined aria-hidden />, "Prazos"),
        ],
      },
      {
        key: "financeiro",
        icon: <AccountBookOutlined aria-hidden />,
        label: "Financeiro",
        children: [
          leaf("/financeiro/contas-a-receber", <DollarOutlined aria-hidden />, "Contas a receber"),
          leaf("/financeiro/extrato", <FileTextOutlined aria-hidden />, "Extrato do cliente"),
          leaf("/financeiro/contratos", <ContainerOutlined aria-hidden />, "Contratos de honorários"),
          leaf("/financeiro/faturamento", <CalendarOutlined aria-hidden />, "Faturamento"),
          leaf("/financeiro/indices", <LineChartOutlined aria-hidden />, "Índices"),
          leaf("/financeiro/relatorios", <PieChartOutlined aria-hidden />, "Relatórios"),
          leaf("/financeiro/categorias", <TagsOutlined aria-hidden />, "Categorias"),
        ],
      },
      { key: "cadastros", icon: <AuditOutlined aria-hidden />, label: "Cadastros", children: cadastros },
      ...(me.role === "admin"
        ? [
            {
              key: "configuracoes",
              icon: <SettingOutlined aria-hidden />,
              label: "Configurações",
              children: [
                leaf("/configuracoes/email", <MailOutlined aria-hidden />, "E-mail (SMTP)"),
                leaf("/configuracoes/emails", <SendOutlined aria-hidden />, "E-mails enviados"),
                leaf(
                  "/configuracoes/email-recebido",
                  <InboxOutlined aria-hidden />,
                  "E-mail recebido (IMAP)",
                ),
                leaf("/configuracoes/financeiro", <BankOutlined aria-hidden />, "Financeiro"),
                leaf("/configuracoes/seguranca", <SafetyOutlined aria-hidden />, "Segurança"),
              ],
            },
          ]
        : []),
    ];
  }, [me.role]);

  // the menu entry whose path is the longest prefix of the current one
  const selected = useMemo(() => {
    const keys: string[] = [];
    const walk = (list: MenuProps["items"]) => {
      for (const item of list ?? []) {
        if (!item || !("key" in item)) continue;
        if (typeof item.key === "string" && item.key.startsWith("/")) keys.push(item.key);
        if ("children" in item) walk(item.children);
      }
    };
    walk(items);
    const path = location.pathname;
    return (
      keys.filter((k) => path === k || path.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0] ??
      `/${path.split("/")[1] ?? ""}`
    );
  }, [items, location.pathname]);

  const userMenu = useUserMenu();

  const brand = (isCollapsed: boolean) => (
    <div
      style={{
        height: 64,
        display: "flex",
        alignItems: "center",
        gap: 10,
        padding: isCollapsed ? "0 24px" : "0 20px",
        color: "#fff",
      }}
    >
      <span
        aria-hidden
        style={{
          width: 32,
          height: 32,
          borderRadius: 8,
          background: "#1668dc",
          display: "inline-flex",
          alignItems: "center",
          justifyContent: "center",
          fontWeight: 700,
          flex: "none",
        }}
      >
        A
      </span>
      {!isCollapsed && <span style={{ fontSize: 20, fontWeight: 600, letterSpacing: 0.3 }}>Atende</span>}
    </div>
  );

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      inlineIndent={wide || phone ? 24 : 16}
      style={{ background: SIDER_BG, borderInlineEnd: 0 }}
      selectedKeys={[selected]}
      defaultOpenKeys={["movimentacao", "financeiro", "cadastros", "configuracoes"]}
      items={items}
      onClick={({ key, domEvent }) => {
        if (!key.startsWith("/")) return;
        setDrawerOpen(false);
        // a click on the link is the link's (new tab, middle click…); Enter on the item is the menu's
        if ((domEvent.target as Element).closest("a")) return;
        navigate(key);
      }}
    />
  );

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {phone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          title={null}
          styles={{ body: { padding: 0, background: SIDER_BG } }}
        >
          <nav aria-label="Menu principal">
            {brand(false)}
            {menu}
          </nav>
        </Drawer>
      ) : (
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          // antd's trigger is a bare <div> that Tab never reaches: a real button below the menu instead
          trigger={null}
          breakpoint="lg"
          // narrower below 1600 px, so that a 1366 px notebook shows the whole atendimentos grid
          width={wide ? 232 : 200}
          style={{ background: SIDER_BG }}
          aria-label="Menu principal"
        >
          <div style={{ display: "flex", flexDirection: "column", minHeight: "100%" }}>
            {brand(collapsed)}
            {menu}
            <div style={{ marginTop: "auto", position: "sticky", bottom: 0, background: TRIGGER_BG }}>
              <Button
                type="text"
                block
                className="sider-collapse"
                aria-label={collapsed ? "Expandir menu" : "Recolher menu"}
                aria-expanded={!collapsed}
                icon={collapsed ? <RightOutlined aria-hidden /> : <LeftOutlined aria-hidden />}
                onClick={() => setCollapsed((c) => !c)}
                style={{ height: 48, borderRadius: 0, color: "#fff" }}
              />
            </div>
          </div>
        </Sider>
      )}
      <Layout>
        <Header
          style={{
            background: "#fff",
            padding: phone ? "0 8px 0 4px" : "0 24px",
            gap: 8,
            display: "flex",
            alignItems: "center",
            justifyContent: "space-between",
            borderBottom: "1px solid #f0f0f0",
            position: "sticky",
            top: 0,
            zIndex: 100,
          }}
        >
          {phone && (
            <Button
              type="text"
              icon={<MenuOutlined aria-hidden />}
              aria-label="Abrir menu"
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
            />
          )}
          <Typography.Text
            strong
            style={{ fontSize: 16, flex: 1, minWidth: 0 }}
            ellipsis
            data-testid="office-name"
          >
            {me.office.name}
          </Typography.Text>
          <Dropdown menu={userMenu} trigger={["click"]} placement="bottomRight" autoFocus>
            <Button type="text" style={{ height: 48 }} aria-label={`Usuário ${me.name}`}>
              <Avatar
                size="small"
                style={{ background: "#1668dc" }}
                icon={me.name ? undefined : <UserOutlined aria-hidden />}
              >
                {initials(me.name)}
              </Avatar>
              {!phone && <span>{me.name}</span>}
              <DownOutlined style={{ fontSize: 10 }} aria-hidden />
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: phone ? 12 : wide ? 24 : 16, minWidth: 0 }}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
