import { LockOutlined, MailOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Result, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { emailSchema, passwordSchema } from "../../../shared/api.js";
import { maskDocument } from "../../../shared/documents.js";
import { type SignupAccepted, type SignupInput, signupSchema } from "../../../shared/signup.js";
import { api } from "../../api/client.js";
import { AuthScreen } from "../../components/AuthScreen.js";
import { showFormError, zodRule } from "../../components/formErrors.js";
import { passwordIcon } from "../../components/quietIcons.js";

/** /cadastro (public, SIGNUP=open): Criar conta do escritório. */
export default function SignupPage() {
  const [form] = Form.useForm<SignupInput>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [focusErrors, setFocusErrors] = useState(0);

  useEffect(() => {
    if (focusErrors === 0 || submitting) return;
    const first = form.getFieldsError().find((f) => f.errors.length > 0);
    if (first) form.focusField(first.name);
  }, [focusErrors, submitting, form]);

  async function submit(v: SignupInput) {
    setError(null);
    setSubmitting(true);
    try {
      const res = await api.post<SignupAccepted>("/api/signup", v, { redirectOn401: false });
      setSent(res.message);
    } catch (e) {
      // a field error (a weak password, an invalid CNPJ): the cursor goes to that field to fix it
      // (once the form is enabled again: a disabled input takes no focus)
      if (showFormError(form, e, setError)) setFocusErrors((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  }

  if (sent)
    return (
      <AuthScreen width={480}>
        <Result
          status="success"
          icon={<MailOutlined />}
          title="Confira o seu e-mail"
          subTitle={sent}
          extra={<Link to="/login">Voltar para o login</Link>}
        />
      </AuthScreen>
    );

  return (
    <AuthScreen width={480}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        Criar conta do escritório
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        Cadastre o escritório e o seu usuário de administrador. Enviaremos um link para confirmar o e-mail.
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<SignupInput>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        disabled={submitting}
      >
        <Form.Item label="Razão social" name="officeName" rules={[zodRule(signupSchema.shape.officeName)]}>
          <Input autoComplete="organization" autoFocus />
        </Form.Item>
        <Form.Item
          label="CNPJ ou CPF"
          name="document"
          normalize={(v: string) => maskDocument(v ?? "")}
          rules={[zodRule(signupSchema.shape.document)]}
        >
          <Input inputMode="text" />
        </Form.Item>
        <Form.Item label="Seu nome" name="adminName" rules={[zodRule(signupSchema.shape.adminName)]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item label="E-mail" name="email" rules={[zodRule(emailSchema)]}>
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item
          label="Senha"
          name="password"
          extra="Uma frase longa e fácil de lembrar é mais segura que símbolos e números."
          rules={[zodRule(passwordSchema)]}
        >
          <Input.Password
            iconRender={passwordIcon}
            prefix={<LockOutlined aria-hidden />}
            autoComplete="new-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          Criar conta
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, textAlign: "center" }}>
        Já tem conta? <Link to="/login">Entrar</Link>
      </Typography.Paragraph>
    </AuthScreen>
  );
}
