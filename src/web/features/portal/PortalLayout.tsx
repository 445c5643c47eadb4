import { DownOutlined, UserOutlined } from "@ant-design/icons";
import { Avatar, Button, Dropdown, Layout, Select } from "antd";
import { Suspense } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { PageSpinner } from "../../components/PageSpinner.js";
import { useMe } from "../auth/AuthContext.js";
import { useUserMenu } from "../layout/useUserMenu.js";
import { useCompanyParam, usePortalCompanies } from "./api.js";
import "./portal.css";

const { Content } = Layout;

/**
 * The client portal: the office's name, the sections, the company switcher and the user menu; no
 * back-office menu. Phone first (portal.css): on a phone the header has two rows and every name is
 * one line with an ellipsis. The sections are real links, reachable with Tab.
 */
export default function PortalLayout() {
  const me = useMe();
  const companies = usePortalCompanies();
  const [empresa, setEmpresa] = useCompanyParam();
  const location = useLocation();
  const section = location.pathname.startsWith("/portal/financeiro") ? "financeiro" : "atendimentos";
  const suffix = empresa ? `?empresa=${encodeURIComponent(empresa)}` : "";

  const userMenu = useUserMenu();

  const options = (companies.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  const single = options.length === 1 ? options[0]?.label : undefined;

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <header className="portal-header">
        <Link to={`/portal${suffix}`} className="portal-brand" title={me.office.name}>
          <span aria-hidden className="portal-brand__logo">
            A
          </span>
          <span className="portal-brand__name" data-testid="office-name">
            {me.office.name}
          </span>
        </Link>
        <nav className="portal-nav" aria-label="Seções do portal">
          <Link to={`/portal${suffix}`} aria-current={section === "atendimentos" ? "page" : undefined}>
            Atendimentos
          </Link>
          <Link
            to={`/portal/financeiro${suffix}`}
            aria-current={section === "financeiro" ? "page" : undefined}
          >
            Financeiro
          </Link>
        </nav>
        <div className="portal-company">
          {options.length > 1 && (
            <Select
              aria-label="Empresa"
              value={empresa ?? ""}
              onChange={(v: string) => setEmpresa(v || null)}
              options={[{ value: "", label: "Todas as empresas" }, ...options]}
              popupMatchSelectWidth={false}
            />
          )}
          {single && (
            <span className="portal-company__name" title={single} data-testid="company-name">
              {single}
            </span>
          )}
        </div>
        <div className="portal-user">
          <Dropdown menu={userMenu} trigger={["click"]} placement="bottomRight" autoFocus>
            <Button type="text" style={{ height: 44, color: "#fff" }} aria-label={`Usuário ${me.name}`}>
              <Avatar size="small" style={{ background: "#1668dc" }} icon={<UserOutlined aria-hidden />} />
              <span className="portal-user__name">{me.name}</span>
              <DownOutlined style={{ fontSize: 10 }} aria-hidden />
            </Button>
          </Dropdown>
        </div>
      </header>
      <Content className="portal-content">
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </Content>
    </Layout>
  );
}
