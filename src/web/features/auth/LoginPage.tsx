import { BankOutlined, LockOutlined, MailOutlined, SafetyOutlined } from "@ant-design/icons";
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, type FormRule, Input } from "antd";
import { useEffect, useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import type { LoginResult } from "../../../shared/accounts.js";
import { safeNextPath } from "../../../shared/links.js";
import { api, errorMessage, isApiError } from "../../api/client.js";
import { AuthScreen } from "../../components/AuthScreen.js";
import { passwordIcon } from "../../components/quietIcons.js";
import { whenIdle } from "../../components/whenIdle.js";
import { useAuth } from "./AuthContext.js";

/**
 * The login's field rules: the same checks and messages as the shared `loginSchema` and Zod's e-mail
 * pattern (the API runs the schema). Written out so the first page loads neither Zod nor every
 * shared schema (~28 kB gzip).
 */
const EMAIL =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

function check(test: (value: string) => string | null): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const message = test(typeof value === "string" ? value : "");
      if (message) throw new Error(message);
    },
  };
}

const emailRule = check((value) => {
  const email = value.trim();
  if (!email) return "Informe o e-mail";
  if (email.length > 254) return "E-mail deve ter no máximo 254 caracteres";
  return EMAIL.test(email) ? null : "E-mail inválido";
});

const passwordRule = check((value) => {
  if (!value) return "Informe a senha";
  return value.length > 200 ? "Senha muito longa" : null;
});

// the office's layout and grid (the page most people go to) load while the person types
type Prefetch = typeof import("../tickets/prefetch.js");
/** set once the grid's prefetch module is here, so the login can use it without waiting a tick */
let prefetch: Prefetch | null = null;

const loadPrefetch = () =>
  import("../tickets/prefetch.js").then((m) => {
    prefetch = m;
    return m;
  });

const loadOffice = () =>
  Promise.all([import("../layout/OfficeShell.js"), import("../tickets/TicketsPage.js"), loadPrefetch()]);

/** Right after login, the grid's rows are asked for while its page is drawn. */
function prefetchDestination(queryClient: QueryClient, next: string) {
  const url = new URL(next, window.location.origin);
  if (url.pathname !== "/atendimentos") return;
  const start = (m: Prefetch) => void m.prefetchTicketList(queryClient, url.search).catch(() => undefined);
  if (prefetch) start(prefetch);
  else void loadPrefetch().then(start, () => undefined);
}

interface LoginValues {
  email: string;
  password: string;
}

type Step = Exclude<LoginResult, { user: unknown }>;

export default function LoginPage() {
  const { user, login, loginStep } = useAuth();
  const [step, setStep] = useState<Step | null>(null);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // only same-app paths are accepted as a destination after login (no open redirects)
  const next = safeNextPath(params.get("next"));
  const queryClient = useQueryClient();
  useEffect(() => whenIdle(() => void loadOffice().catch(() => undefined)), []);

  if (user) return <Navigate to={next} replace />;

  async function onFinish(values: LoginValues) {
    setError(null);
    setSubmitting(true);
    try {
      void loadOffice().catch(() => undefined);
      proceed(await login({ email: values.email.trim(), password: values.password }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  function proceed(result: LoginResult) {
    if ("step" in result) {
      setStep(result);
      return;
    }
    if (result.user.role !== "client") prefetchDestination(queryClient, next);
    navigate(result.user.twoFactorSetupRequired ? "/conta?aba=2fa" : next, { replace: true });
  }

  async function continueLogin(path: "/api/auth/login/office" | "/api/auth/login/totp", body: object) {
    setError(null);
    setSubmitting(true);
    try {
      proceed(await loginStep(path, body));
    } catch (e) {
      // the step expired: back to e-mail and password
      if (isApiError(e) && e.code === "login_step_expired") setStep(null);
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  if (step?.step === "office") {
    return (
      <AuthScreen subtitle="Escolha o escritório">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <p style={{ marginTop: 0 }}>Este e-mail entra em mais de um escritório. Qual deseja acessar?</p>
        <div style={{ display: "flex", flexDirection: "column", gap: 8 }}>
          {step.offices.map((o) => (
            <Button
              key={o.id}
              block
              size="large"
              icon={<BankOutlined aria-hidden />}
              loading={submitting}
              onClick={() =>
                void continueLogin("/api/auth/login/office", { token: step.token, officeId: o.id })
              }
            >
              {o.name}
            </Button>
          ))}
        </div>
        <Button type="link" block onClick={() => setStep(null)} style={{ marginTop: 8 }}>
          Voltar
        </Button>
      </AuthScreen>
    );
  }

  if (step?.step === "totp") {
    return (
      <AuthScreen subtitle="Verificação em duas etapas">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form<{ code: string }>
          layout="vertical"
          requiredMark={false}
          onFinish={(v) =>
            void continueLogin("/api/auth/login/totp", { token: step.token, code: v.code.trim() })
          }
        >
          <Form.Item
            label="Código do aplicativo autenticador"
            name="code"
            extra="Digite os 6 dígitos do aplicativo ou um dos seus códigos de recuperação."
            rules={[{ required: true, whitespace: true, message: "Informe o código" }]}
          >
            <Input
              prefix={<SafetyOutlined aria-hidden />}
              autoComplete="one-time-code"
              autoFocus
              maxLength={20}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            Verificar
          </Button>
        </Form>
        <Button type="link" block onClick={() => setStep(null)} style={{ marginTop: 8 }}>
          Voltar
        </Button>
      </AuthScreen>
    );
  }

  return (
    <AuthScreen subtitle="Atendimentos do escritório contábil">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<LoginValues> layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item label="E-mail" name="email" rules={[emailRule]}>
          <Input prefix={<MailOutlined aria-hidden />} autoComplete="username" autoFocus inputMode="email" />
        </Form.Item>
        <Form.Item label="Senha" name="password" rules={[passwordRule]}>
          <Input.Password
            iconRender={passwordIcon}
            prefix={<LockOutlined aria-hidden />}
            autoComplete="current-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          Entrar
        </Button>
      </Form>
      <SignupLink />
      <div style={{ textAlign: "center", marginTop: 16 }}>
        <Link to="/esqueci-senha">Esqueci minha senha</Link>
      </div>
    </AuthScreen>
  );
}

/** "Criar conta do escritório", only when this installation lets offices sign up (SIGNUP=open). */
function SignupLink() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<{ open: boolean }>("/api/signup", { signal: ctrl.signal, redirectOn401: false })
      .then((s) => setOpen(s.open))
      .catch(() => {});
    return () => ctrl.abort();
  }, []);
  if (!open) return null;
  return (
    <p style={{ marginTop: 16, marginBottom: 0, textAlign: "center" }}>
      <Link to="/cadastro">Criar conta do escritório</Link>
    </p>
  );
}
