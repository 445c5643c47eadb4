import { DownOutlined, UserOutlined } from "@ant-design/icons";
import { Avatar, Button, Dropdown, Flex, Layout, Menu, Select, Typography } from "antd";
import { Suspense } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { PageSpinner } from "../../components/PageSpinner.js";
import { useMe } from "../auth/AuthContext.js";
import { useUserMenu } from "../layout/useUserMenu.js";
import { useCompanyParam, usePortalCompanies } from "./api.js";

const { Header, Content } = Layout;

/** The client portal: the office's name, the company switcher and the user menu; no back-office menu. */
export default function PortalLayout() {
  const me = useMe();
  const companies = usePortalCompanies();
  const [empresa, setEmpresa] = useCompanyParam();
  const location = useLocation();
  const navigate = useNavigate();
  const section = location.pathname.startsWith("/portal/financeiro") ? "/portal/financeiro" : "/portal";
  const suffix = empresa ? `?empresa=${encodeURIComponent(empresa)}` : "";

  const userMenu = useUserMenu();

  const options = (companies.data ?? []).map((c) => ({ value: c.id, label: c.name }));

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Header
        style={{
          background: "#0b1f3a",
          padding: "0 24px",
          display: "flex",
          alignItems: "center",
          justifyContent: "space-between",
          gap: 16,
          position: "sticky",
          top: 0,
          zIndex: 100,
        }}
      >
        <Link to={`/portal${suffix}`} style={{ minWidth: 0, flex: "0 1 auto", maxWidth: 340 }}>
          <Flex align="center" gap={10}>
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
                color: "#fff",
                flex: "none",
              }}
            >
              A
            </span>
            <Typography.Text
              strong
              ellipsis
              style={{ color: "#fff", fontSize: 16 }}
              data-testid="office-name"
            >
              {me.office.name}
            </Typography.Text>
          </Flex>
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          aria-label="Seções do portal"
          selectedKeys={[section]}
          onClick={({ key, domEvent }) => {
            // a click on the link is the link's (new tab, middle click…); Enter on the item is the menu's
            if (!(domEvent.target as Element).closest("a")) navigate(`${key}${suffix}`);
          }}
          items={[
            { key: "/portal", label: <Link to={`/portal${suffix}`}>Atendimentos</Link> },
            { key: "/portal/financeiro", label: <Link to={`/portal/financeiro${suffix}`}>Financeiro</Link> },
          ]}
          style={{ flex: 1, minWidth: 0, background: "transparent", borderBottom: 0 }}
        />
        <Flex align="center" gap={12}>
          {options.length > 1 && (
            <Select
              aria-label="Empresa"
              style={{ width: 280, maxWidth: "40vw" }}
              value={empresa ?? ""}
              onChange={(v: string) => setEmpresa(v || null)}
              options={[{ value: "", label: "Todas as empresas" }, ...options]}
            />
          )}
          {options.length === 1 && (
            <Typography.Text style={{ color: "rgba(255,255,255,.85)" }}>{options[0]?.label}</Typography.Text>
          )}
          <Dropdown menu={userMenu} trigger={["click"]} placement="bottomRight" autoFocus>
            <Button type="text" style={{ height: 48, color: "#fff" }} aria-label={`Usuário ${me.name}`}>
              <Avatar size="small" style={{ background: "#1668dc" }} icon={<UserOutlined aria-hidden />} />
              <span>{me.name}</span>
              <DownOutlined style={{ fontSize: 10 }} aria-hidden />
            </Button>
          </Dropdown>
        </Flex>
      </Header>
      <Content style={{ padding: 24, maxWidth: 1200, width: "100%", margin: "0 auto" }}>
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </Content>
    </Layout>
  );
}
