/**
 * Minha conta (office /conta, portal /portal/conta): Meu perfil, Alterar senha, Sessões ativas and
 * Verificação em duas etapas (office staff). The tab is in `?aba=` so the user menu links to each.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Card, Descriptions, Skeleton, Space, Tabs, Tag } from "antd";
import { useSearchParams } from "react-router";
import type { AccountInfo } from "../../../shared/accounts.js";
import { ROLE_LABELS } from "../../../shared/api.js";
import { api, errorMessage } from "../../api/client.js";
import { PageHeader } from "../../components/PageHeader.js";
import { useMe } from "../auth/AuthContext.js";
import { ChangePasswordForm } from "./ChangePasswordForm.js";
import { SessionsList } from "./SessionsList.js";
import { TwoFactorPanel } from "./TwoFactorPanel.js";

export const ACCOUNT_KEY = ["account"] as const;
export type AccountTab = "perfil" | "senha" | "sessoes" | "2fa";

export function useAccount() {
  return useQuery({
    queryKey: ACCOUNT_KEY,
    queryFn: ({ signal }) => api.get<AccountInfo>("/api/account", { signal }),
  });
}

export default function AccountPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const account = useAccount();
  const queryClient = useQueryClient();
  const staff = me.role !== "client";
  const tabs: AccountTab[] = staff ? ["perfil", "senha", "sessoes", "2fa"] : ["perfil", "senha", "sessoes"];
  const asked = params.get("aba") as AccountTab | null;
  const active: AccountTab = asked && tabs.includes(asked) ? asked : "perfil";

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%", maxWidth: 860 }}>
      <PageHeader title="Minha conta" />
      {me.twoFactorSetupRequired && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title="O escritório exige a verificação em duas etapas"
          description="Ative-a abaixo para continuar usando o Atende."
        />
      )}
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ aba: key }, { replace: true })}
        items={[
          {
            key: "perfil",
            label: "Meu perfil",
            children: account.isPending ? (
              <Skeleton active />
            ) : account.isError ? (
              <Alert type="error" showIcon title={errorMessage(account.error)} />
            ) : (
              <Card>
                <Descriptions column={1} bordered size="small">
                  <Descriptions.Item label="Nome">{account.data.name}</Descriptions.Item>
                  <Descriptions.Item label="E-mail">{account.data.email}</Descriptions.Item>
                  <Descriptions.Item label="Perfil">{ROLE_LABELS[account.data.role]}</Descriptions.Item>
                  <Descriptions.Item label="Escritório">{account.data.officeName}</Descriptions.Item>
                  {staff && (
                    <Descriptions.Item label="Verificação em duas etapas">
                      {account.data.twoFactor.enabled ? (
                        <Tag color="green">Ativa</Tag>
                      ) : (
                        <Tag>Desativada</Tag>
                      )}
                    </Descriptions.Item>
                  )}
                </Descriptions>
              </Card>
            ),
          },
          { key: "senha", label: "Alterar senha", children: <ChangePasswordForm /> },
          { key: "sessoes", label: "Sessões ativas", children: <SessionsList /> },
          ...(staff
            ? [
                {
                  key: "2fa",
                  label: "Verificação em duas etapas",
                  children: (
                    <TwoFactorPanel
                      account={account.data}
                      onChange={async () => {
                        await queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
                        // the session's "setup required" flag may have changed
                        await queryClient.invalidateQueries({ queryKey: ["auth", "session"] });
                      }}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
