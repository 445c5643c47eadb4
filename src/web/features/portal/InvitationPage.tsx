import { LockOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { type InvitationInfo, passwordSchema, type SessionInfo } from "../../../shared/api.js";
import { api, errorMessage } from "../../api/client.js";
import { AuthScreen } from "../../components/AuthScreen.js";
import { zodRule } from "../../components/formErrors.js";
import { passwordIcon } from "../../components/quietIcons.js";
import { TokenLinkState } from "../../components/TokenLinkState.js";
import { useAuth } from "../auth/AuthContext.js";

interface Values {
  password: string;
  confirm: string;
}

/** /convite/:token (public): the invited person chooses a password and is signed in. */
export default function InvitationPage() {
  const { token = "" } = useParams();
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const info = useQuery({
    queryKey: ["invitation", token],
    queryFn: ({ signal }) =>
      api.get<InvitationInfo>(`/api/invitations/${encodeURIComponent(token)}`, {
        signal,
        redirectOn401: false,
      }),
    retry: false,
    refetchOnWindowFocus: false,
  });

  async function accept(v: Values) {
    setError(null);
    setSubmitting(true);
    try {
      const session = await api.post<SessionInfo>(
        `/api/invitations/${encodeURIComponent(token)}/accept`,
        { password: v.password },
        { redirectOn401: false },
      );
      adopt(session);
      navigate(session.user.role === "client" ? "/portal" : "/atendimentos", { replace: true });
    } catch (e) {
      setError(errorMessage(e));
      setSubmitting(false);
    }
  }

  return (
    <AuthScreen width={440}>
      <TokenLinkState
        query={info}
        title="Não é possível usar este convite"
        notFound="Convite não encontrado. Confira o link recebido por e-mail ou peça um novo convite ao escritório."
      >
        {(data) => (
          <>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              Olá, {data.name} — {data.officeName} convidou você
            </Typography.Title>
            <Typography.Paragraph type="secondary">
              Crie uma senha para acessar o Atende com o e-mail <strong>{data.email}</strong>.
            </Typography.Paragraph>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
            <Form<Values> layout="vertical" onFinish={accept} requiredMark={false} disabled={submitting}>
              <Form.Item
                label="Senha"
                name="password"
                extra="Pelo menos 8 caracteres."
                rules={[{ required: true, message: "Informe a senha" }, zodRule(passwordSchema)]}
              >
                <Input.Password
                  iconRender={passwordIcon}
                  prefix={<LockOutlined aria-hidden />}
                  autoComplete="new-password"
                  autoFocus
                />
              </Form.Item>
              <Form.Item
                label="Confirmar senha"
                name="confirm"
                dependencies={["password"]}
                rules={[
                  { required: true, message: "Confirme a senha" },
                  ({ getFieldValue }) => ({
                    validator: (_, value: string | undefined) =>
                      !value || value === getFieldValue("password")
                        ? Promise.resolve()
                        : Promise.reject(new Error("As senhas não conferem")),
                  }),
                ]}
              >
                <Input.Password
                  iconRender={passwordIcon}
                  prefix={<LockOutlined aria-hidden />}
                  autoComplete="new-password"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
                Criar senha e entrar
              </Button>
            </Form>
          </>
        )}
      </TokenLinkState>
    </AuthScreen>
  );
}
