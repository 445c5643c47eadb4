import { MailOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api, errorMessage } from "../../api/client.js";
import { AuthScreen } from "../../components/AuthScreen.js";

/** /esqueci-senha (public): asks for the e-mail; the answer is the same whether it exists or not. */
export default function ForgotPasswordPage() {
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onFinish(v: { email: string }) {
    setError(null);
    setSubmitting(true);
    try {
      const res = await api.post<{ message: string }>(
        "/api/auth/password/forgot",
        { email: v.email.trim() },
        { redirectOn401: false },
      );
      setSent(res.message);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <AuthScreen subtitle="Esqueci minha senha">
      {sent ? (
        <Alert type="success" showIcon role="status" title="Verifique seu e-mail" description={sent} />
      ) : (
        <>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
          <p style={{ marginTop: 0 }}>
            Informe o e-mail com que você entra no Atende. Enviaremos um link para criar uma nova senha.
          </p>
          <Form<{ email: string }> layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item
              label="E-mail"
              name="email"
              rules={[
                { required: true, whitespace: true, message: "Informe o e-mail" },
                { type: "email", message: "E-mail inválido" },
              ]}
            >
              <Input
                prefix={<MailOutlined aria-hidden />}
                autoComplete="username"
                autoFocus
                inputMode="email"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
              Enviar link
            </Button>
          </Form>
        </>
      )}
      <div style={{ textAlign: "center", marginTop: 16 }}>
        <Link to="/login">Voltar para o login</Link>
      </div>
    </AuthScreen>
  );
}
