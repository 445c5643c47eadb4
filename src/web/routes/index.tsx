/** Routes; every page is its own chunk (React.lazy), so the first page loads only what it needs. */
import { lazy, type ReactNode, Suspense } from "react";
import { createBrowserRouter, Navigate, Outlet, useLocation, useNavigate, useParams } from "react-router";
import type { Role } from "../../shared/api.js";
import { crossSideTicketTarget, ticketLinkTarget } from "../../shared/links.js";
import { PageSpinner } from "../components/PageSpinner.js";
import { StatusPage } from "../components/StatusPage.js";
import { AuthProvider, useAuth } from "../features/auth/AuthContext.js";
import { loadReceivablesPage } from "../features/finance/loadPages.js";
import { RealtimeConnector } from "../realtime/hooks.js";

const loadOfficeShell = () => import("../features/layout/OfficeShell.js");
const OfficeShell = lazy(loadOfficeShell);
const LoginPage = lazy(() => import("../features/auth/LoginPage.js"));
const loadTicketsPage = () => import("../features/tickets/TicketsPage.js");
const TicketsPage = lazy(loadTicketsPage);
const ClientsPage = lazy(() => import("../features/clients/ClientsPage.js"));
const DashboardPage = lazy(() => import("../features/dashboard/DashboardPage.js"));
const ServicesPage = lazy(() => import("../features/services/ServicesPage.js"));
const ClientsImportPage = lazy(() =>
  import("../features/imports/ImportPage.js").then((m) => ({ default: m.ClientsImportPage })),
);
const ServicesImportPage = lazy(() =>
  import("../features/imports/ImportPage.js").then((m) => ({ default: m.ServicesImportPage })),
);
const ObligationsPage = lazy(() => import("../features/obligations/ObligationsPage.js"));
const DeadlinesPage = lazy(() => import("../features/obligations/DeadlinesPage.js"));
const AccountantsPage = lazy(() => import("../features/accountants/AccountantsPage.js"));
const UsersPage = lazy(() => import("../features/users/UsersPage.js"));
const MailSettingsPage = lazy(() => import("../features/settings/MailSettingsPage.js"));
const EmailsPage = lazy(() => import("../features/settings/EmailsPage.js"));
const InboundSettingsPage = lazy(() => import("../features/inbound/InboundSettingsPage.js"));
const InboxPage = lazy(() => import("../features/inbound/InboxPage.js"));
const loadPortalShell = () => import("../features/layout/PortalShell.js");
const PortalShell = lazy(loadPortalShell);
const loadPortalTicketsPage = () => import("../features/portal/PortalTicketsPage.js");
const PortalTicketsPage = lazy(loadPortalTicketsPage);
const PortalTicketPage = lazy(() => import("../features/portal/PortalTicketPage.js"));
const InvitationPage = lazy(() => import("../features/portal/InvitationPage.js"));
const SignupPage = lazy(() => import("../features/signup/SignupPage.js"));
const SignupConfirmPage = lazy(() => import("../features/signup/SignupConfirmPage.js"));
const PortalDebtsPage = lazy(() => import("../features/portal/PortalDebtsPage.js"));
const ReceivablesPage = lazy(loadReceivablesPage);
const StatementPage = lazy(() => import("../features/finance/StatementPage.js"));
const CategoriesPage = lazy(() => import("../features/finance/CategoriesPage.js"));
const FeeContractsPage = lazy(() => import("../features/honorarios/ContractsPage.js"));
const FeeIndexesPage = lazy(() => import("../features/honorarios/IndexesPage.js"));
const FeeBillingPage = lazy(() => import("../features/honorarios/BillingPage.js"));
const FeeReportsPage = lazy(() => import("../features/honorarios/ReportsPage.js"));
const FinanceSettingsPage = lazy(() => import("../features/finance/FinanceSettingsPage.js"));
const SecuritySettingsPage = lazy(() => import("../features/settings/SecuritySettingsPage.js"));
const AccountPage = lazy(() => import("../features/account/AccountPage.js"));
const ForgotPasswordPage = lazy(() => import("../features/auth/ForgotPasswordPage.js"));
const ResetPasswordPage = lazy(() => import("../features/auth/ResetPasswordPage.js"));

/**
 * A page opened directly (a bookmark, a reload): its layout (and the grid or the portal's list) load
 * while the session is checked, not after. The data waits for the session (no request that could
 * answer 401).
 */
function preloadOpenedPage(path: string) {
  let pages: Promise<unknown>[];
  if (/^\/(login|convite|esqueci-senha|redefinir-senha|cadastro)(\/|$)/.test(path)) return;
  if (/^\/portal(\/|$)/.test(path)) {
    pages =
      path === "/portal" || path === "/portal/"
        ? [loadPortalShell(), loadPortalTicketsPage()]
        : [loadPortalShell()];
  } else {
    pages =
      path === "/" || path === "/atendimentos" ? [loadOfficeShell(), loadTicketsPage()] : [loadOfficeShell()];
  }
  void Promise.all(pages).catch(() => undefined);
}
preloadOpenedPage(window.location.pathname);

function Root() {
  return (
    <AuthProvider>
      <RealtimeConnector />
      <Outlet />
    </AuthProvider>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <PageSpinner />;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

/** Client users live in the portal, the office in the back office: each is sent to its own side. */
function RequireSide({ side, children }: { side: "office" | "portal"; children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) return children;
  const isClient = user.role === "client";
  const wrongSide = (side === "office" && isClient) || (side === "portal" && !isClient);
  if (wrongSide) {
    // a link to one atendimento in the other side's view opens it in this user's view
    const target = crossSideTicketTarget(location.pathname, location.search, user.role);
    return <Navigate to={target ?? (isClient ? "/portal" : "/atendimentos")} replace />;
  }
  // an office that requires 2FA: a person without it goes to set it up before anything else
  if (side === "office" && user.twoFactorSetupRequired && location.pathname !== "/conta")
    return <Navigate to="/conta?aba=2fa" replace />;
  // the grid (the office's main page) loads together with the layout's chunk, not after it
  if (side === "office") void loadTicketsPage().catch(() => undefined);
  // the same for the portal: its list loads with the portal's layout
  if (side === "portal") void loadPortalTicketsPage().catch(() => undefined);
  return children;
}

/**
 * /atendimentos/:id — the link in every e-mail about an atendimento. After the login page if needed,
 * a client user lands on the portal's page of the atendimento, the office on the grid with its drawer.
 */
function TicketLink() {
  const { user } = useAuth();
  const { id = "" } = useParams();
  if (!user) return <PageSpinner />;
  return <Navigate to={ticketLinkTarget(id, user.role)} replace />;
}

function RequireRole({ allow, children }: { allow: Role; children: ReactNode }) {
  const { user } = useAuth();
  const navigate = useNavigate();
  if (user?.role !== allow) {
    return (
      <StatusPage
        code="403"
        title="Acesso restrito"
        subtitle="Você não tem permissão para acessar esta página."
        action="Ir para Atendimentos"
        onAction={() => navigate("/atendimentos")}
      />
    );
  }
  return children;
}

function NotFound() {
  const navigate = useNavigate();
  return (
    <StatusPage
      code="404"
      title="Página não encontrada"
      subtitle="O endereço acessado não existe."
      action="Ir para Atendimentos"
      onAction={() => navigate("/atendimentos")}
    />
  );
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      {
        path: "/login",
        element: (
          <Suspense fallback={<PageSpinner />}>
            <LoginPage />
          </Suspense>
        ),
      },
      {
        path: "/cadastro",
        element: (
          <Suspense fallback={<PageSpinner />}>
            <SignupPage />
          </Suspense>
        ),
      },
      {
        path: "/esqueci-senha",
        element: (
          <Suspense fallback={<PageSpinner />}>
            <ForgotPasswordPage />
          </Suspense>
        ),
      },
      {
        path: "/cadastro/confirmar/:token",
        element: (
          <Suspense fallback={<PageSpinner />}>
            <SignupConfirmPage />
          </Suspense>
        ),
      },
      {
        path: "/redefinir-senha/:token",
        element: (
          <Suspense fallback={<PageSpinner />}>
            <ResetPasswordPage />
          </Suspense>
        ),
      },
      {
        path: "/convite/:token",
        element: (
          <Suspense fallback={<PageSpinner />}>
            <InvitationPage />
          </Suspense>
        ),
      },
      {
        path: "/atendimentos/:id",
        element: (
          <RequireAuth>
            <TicketLink />
          </RequireAuth>
        ),
      },
      {
        path: "/portal",
        element: (
          <RequireAuth>
            <RequireSide side="portal">
              <Suspense fallback={<PageSpinner />}>
                <PortalShell />
              </Suspense>
            </RequireSide>
          </RequireAuth>
        ),
        children: [
          { index: true, element: <PortalTicketsPage /> },
          { path: "atendimentos/:id", element: <PortalTicketPage /> },
          { path: "financeiro", element: <PortalDebtsPage /> },
          { path: "conta", element: <AccountPage /> },
          { path: "*", element: <Navigate to="/portal" replace /> },
        ],
      },
      {
        path: "/",
        element: (
          <RequireAuth>
            <RequireSide side="office">
              <Suspense fallback={<PageSpinner />}>
                <OfficeShell />
              </Suspense>
            </RequireSide>
          </RequireAuth>
        ),
        children: [
          { index: true, element: <Navigate to="/atendimentos" replace /> },
          { path: "atendimentos", element: <TicketsPage /> },
          { path: "painel", element: <DashboardPage /> },
          { path: "clientes", element: <ClientsPage /> },
          { path: "clientes/importar", element: <ClientsImportPage /> },
          { path: "servicos", element: <ServicesPage /> },
          { path: "servicos/importar", element: <ServicesImportPage /> },
          { path: "contadores", element: <AccountantsPage /> },
          { path: "obrigacoes", element: <ObligationsPage /> },
          { path: "prazos", element: <DeadlinesPage /> },
          { path: "conta", element: <AccountPage /> },
          { path: "financeiro", element: <Navigate to="/financeiro/contas-a-receber" replace /> },
          { path: "financeiro/contas-a-receber", element: <ReceivablesPage /> },
          { path: "financeiro/extrato", element: <StatementPage /> },
          { path: "financeiro/categorias", element: <CategoriesPage /> },
          { path: "financeiro/contratos", element: <FeeContractsPage /> },
          { path: "financeiro/indices", element: <FeeIndexesPage /> },
          { path: "financeiro/faturamento", element: <FeeBillingPage /> },
          { path: "financeiro/relatorios", element: <FeeReportsPage /> },
          {
            path: "usuarios",
            element: (
              <RequireRole allow="admin">
                <UsersPage />
              </RequireRole>
            ),
          },
          {
            path: "configuracoes/email",
            element: (
              <RequireRole allow="admin">
                <MailSettingsPage />
              </RequireRole>
            ),
          },
          {
            path: "configuracoes/financeiro",
            element: (
              <RequireRole allow="admin">
                <FinanceSettingsPage />
              </RequireRole>
            ),
          },
          {
            path: "configuracoes/seguranca",
            element: (
              <RequireRole allow="admin">
                <SecuritySettingsPage />
              </RequireRole>
            ),
          },
          {
            path: "configuracoes/email-recebido",
            element: (
              <RequireRole allow="admin">
                <InboundSettingsPage />
              </RequireRole>
            ),
          },
          {
            path: "caixa-de-entrada",
            element: <InboxPage />,
          },
          {
            path: "configuracoes/emails",
            element: (
              <RequireRole allow="admin">
                <EmailsPage />
              </RequireRole>
            ),
          },
          { path: "*", element: <NotFound /> },
        ],
      },
    ],
  },
]);
