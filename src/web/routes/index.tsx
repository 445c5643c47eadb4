/** Routes; every page is its own chunk (React.lazy), so the first page loads only what it needs. */
import { lazy, type ReactNode, Suspense } from "react";
import { createBrowserRouter, Navigate, Outlet, useLocation, useNavigate } from "react-router";
import type { Role } from "../../shared/api.js";
import { StatusPage } from "../components/StatusPage.js";
import { AuthProvider, useAuth } from "../features/auth/AuthContext.js";
import AppLayout, { PageSpinner } from "../features/layout/AppLayout.js";

const LoginPage = lazy(() => import("../features/auth/LoginPage.js"));
const TicketsPage = lazy(() => import("../features/tickets/TicketsPage.js"));
const ClientsPage = lazy(() => import("../features/clients/ClientsPage.js"));
const ServicesPage = lazy(() => import("../features/services/ServicesPage.js"));
const AccountantsPage = lazy(() => import("../features/accountants/AccountantsPage.js"));
const UsersPage = lazy(() => import("../features/users/UsersPage.js"));
const MailSettingsPage = lazy(() => import("../features/settings/MailSettingsPage.js"));
const EmailsPage = lazy(() => import("../features/settings/EmailsPage.js"));

function Root() {
  return (
    <AuthProvider>
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
        path: "/",
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <Navigate to="/atendimentos" replace /> },
          { path: "atendimentos", element: <TicketsPage /> },
          { path: "clientes", element: <ClientsPage /> },
          { path: "servicos", element: <ServicesPage /> },
          { path: "contadores", element: <AccountantsPage /> },
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
