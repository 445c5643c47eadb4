/** Configurações › Segurança (admin): require two-factor authentication for the office's staff. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Card, Skeleton, Space, Switch, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import type { SecuritySettings } from "../../../shared/accounts.js";
import { api, errorMessage } from "../../api/client.js";
import { PageHeader } from "../../components/PageHeader.js";

const KEY = ["settings", "security"] as const;

export default function SecuritySettingsPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const settings = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<SecuritySettings>("/api/settings/security", { signal }),
  });

  async function toggle(requireTwoFactor: boolean) {
    setSaving(true);
    try {
      queryClient.setQueryData(
        KEY,
        await api.put<SecuritySettings>("/api/settings/security", { requireTwoFactor }),
      );
      message.success(
        requireTwoFactor
          ? "A equipe precisará ativar a verificação em duas etapas ao entrar."
          : "A verificação em duas etapas deixou de ser obrigatória.",
      );
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%", maxWidth: 860 }}>
      <PageHeader title="Segurança" breadcrumb="Configurações" />
      {settings.isPending ? (
        <Skeleton active />
      ) : settings.isError ? (
        <Alert type="error" showIcon title={errorMessage(settings.error)} />
      ) : (
        <Card>
          <Space align="start" size={16}>
            <Switch
              id="require-2fa"
              checked={settings.data.requireTwoFactor}
              loading={saving}
              onChange={(v) => void toggle(v)}
            />
            <div>
              <label htmlFor="require-2fa" style={{ fontWeight: 500 }}>
                Exigir verificação em duas etapas para a equipe
              </label>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                Administradores e equipe sem a verificação ativa são levados a ativá-la logo depois de entrar.
                Ative-a antes na <Link to="/conta?aba=2fa">sua conta</Link>. Usuários do cliente (portal) não
                são afetados.
              </Typography.Paragraph>
            </div>
          </Space>
        </Card>
      )}
    </Space>
  );
}
