import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { SessionInfo } from "../../../shared/api.js";
import type { SignupInfo } from "../../../shared/signup.js";
import { api, errorMessage } from "../../api/client.js";
import { AuthScreen } from "../../components/AuthScreen.js";
import { TokenLinkState } from "../../components/TokenLinkState.js";
import { useAuth } from "../auth/AuthContext.js";

/**
 * /cadastro/confirmar/:token (public): the link of the confirmation e-mail. Confirming is a click
 * (a POST), so a mail scanner that opens links does not use it up.
 */
export default function SignupConfirmPage() {
  const { token = "" } = useParams();
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const info = useQuery({
    queryKey: ["signup", token],
    queryFn: ({ signal }) =>
      api.get<SignupInfo>(`/api/signup/${encodeURIComponent(token)}`, { signal, redirectOn401: false }),
    retry: false,
    refetchOnWindowFocus: false,
  });

  async function confirm() {
    setError(null);
    setSubmitting(true);
    try {
      const session = await api.post<SessionInfo>(
        `/api/signup/${encodeURIComponent(token)}/confirm`,
        {},
        { redirectOn401: false },
      );
      adopt(session);
      navigate("/atendimentos", { replace: true });
    } catch (e) {
      setError(errorMessage(e));
      setSubmitting(false);
    }
  }

  return (
    <AuthScreen width={480}>
      <TokenLinkState
        query={info}
        title="Não é possível usar este link"
        after={<Link to="/login">Ir para o login</Link>}
      >
        {(data) => (
          <>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              Confirmar o cadastro de {data.officeName}
            </Typography.Title>
            <Typography.Paragraph type="secondary">
              Olá, {data.adminName}. Confirme para ativar a conta com o e-mail <strong>{data.email}</strong> e
              entrar no Atende.
            </Typography.Paragraph>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
            <Button type="primary" block size="large" loading={submitting} onClick={() => void confirm()}>
              Confirmar e entrar
            </Button>
          </>
        )}
      </TokenLinkState>
    </AuthScreen>
  );
}
