import { LockOutlined, MailOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { loginSchema } from "../../../shared/api.js";
import { errorMessage } from "../../api/client.js";
import { AuthScreen } from "../../components/AuthScreen.js";
import { zodRule } from "../../components/formErrors.js";
import { useAuth } from "./AuthContext.js";

interface LoginValues {
  email: string;
  password: string;
}

/** Only same-app paths are accepted as a destination after login (no open redirects). */
export function safeNext(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/login")) {
    return "/atendimentos";
  }
  return next;
}

export default function LoginPage() {
  const { user, login } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get("next"));

  if (user) return <Navigate to={next} replace />;

  async function onFinish(values: LoginValues) {
    setError(null);
    setSubmitting(true);
    try {
      await login({ email: values.email.trim(), password: values.password });
      navigate(next, { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <AuthScreen subtitle="Atendimentos do escritório contábil">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<LoginValues> layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item label="E-mail" name="email" rules={[zodRule(loginSchema.shape.email)]}>
          <Input prefix={<MailOutlined />} autoComplete="username" autoFocus inputMode="email" />
        </Form.Item>
        <Form.Item label="Senha" name="password" rules={[zodRule(loginSchema.shape.password)]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          Entrar
        </Button>
      </Form>
    </AuthScreen>
  );
}
