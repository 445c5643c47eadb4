import { LockOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Form, Typography } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import type { PasswordResetInfo } from "../../../shared/accounts.js";
import { api, errorMessage } from "../../api/client.js";
import { AuthScreen } from "../../components/AuthScreen.js";
import { passwordIcon } from "../../components/quietIcons.js";
import { TokenLinkState } from "../../components/TokenLinkState.js";
import { NewPasswordFields } from "../account/NewPasswordFields.js";

/** /redefinir-senha/:token (public): the link of "Esqueci minha senha". */
export default function ResetPasswordPage() {
  const { token = "" } = useParams();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const info = useQuery({
    queryKey: ["password-reset", token],
    queryFn: ({ signal }) =>
      api.get<PasswordResetInfo>(`/api/auth/password/reset/${encodeURIComponent(token)}`, {
        signal,
        redirectOn401: false,
      }),
    retry: false,
    refetchOnWindowFocus: false,
  });

  async function onFinish(v: { password: string }) {
    setError(null);
    setSubmitting(true);
    try {
      await api.post("/api/auth/password/reset", { token, password: v.password }, { redirectOn401: false });
      setDone(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <AuthScreen width={440} subtitle="Criar nova senha">
      <TokenLinkState
        query={info}
        title="Não é possível usar este link"
        notFound="Link não encontrado. Confira o link recebido por e-mail ou peça um novo."
      >
        {(data) =>
          done ? (
            <Alert
              type="success"
              showIcon
              role="status"
              title="Senha alterada"
              description="Por segurança, todas as sessões abertas foram encerradas. Entre com a nova senha."
            />
          ) : (
            <>
              <Typography.Paragraph type="secondary">
                {data.name} ({data.email}) — {data.officeName}
              </Typography.Paragraph>
              {error && (
                <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />
              )}
              <Form<{ password: string }> layout="vertical" onFinish={onFinish} requiredMark={false}>
                <NewPasswordFields
                  name="password"
                  label="Nova senha"
                  icon={<LockOutlined aria-hidden />}
                  iconRender={passwordIcon}
                />
                <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
                  Salvar nova senha
                </Button>
              </Form>
            </>
          )
        }
      </TokenLinkState>
      <div style={{ textAlign: "center", marginTop: 16 }}>
        <Link to="/login">Ir para o login</Link> · <Link to="/esqueci-senha">Pedir novo link</Link>
      </div>
    </AuthScreen>
  );
}
