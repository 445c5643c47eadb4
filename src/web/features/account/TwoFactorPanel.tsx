import { SafetyOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, Modal, Space, Steps, Tag, Typography } from "antd";
import { useState } from "react";
import type { AccountInfo, RecoveryCodes, TwoFactorSetup } from "../../../shared/accounts.js";
import { api, errorMessage } from "../../api/client.js";
import { showFormError } from "../../components/formErrors.js";
import { passwordIcon } from "../../components/quietIcons.js";

/** Verificação em duas etapas: QR code → first code → recovery codes; then regenerate or turn off. */
export function TwoFactorPanel({
  account,
  onChange,
}: {
  account: AccountInfo | undefined;
  onChange: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<"disable" | "codes" | null>(null);
  const [codeForm] = Form.useForm<{ code: string }>();
  const [passwordForm] = Form.useForm<{ password: string }>();

  if (!account) return null;

  async function start() {
    setBusy(true);
    try {
      setSetup(await api.post<TwoFactorSetup>("/api/account/2fa/setup"));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function enable(v: { code: string }) {
    setBusy(true);
    try {
      const r = await api.post<RecoveryCodes>("/api/account/2fa/enable", { code: v.code.trim() });
      setSetup(null);
      setCodes(r.codes);
      codeForm.resetFields();
      await onChange();
    } catch (e) {
      showFormError(codeForm, e, (m) => codeForm.setFields([{ name: "code", errors: [m] }]));
    } finally {
      setBusy(false);
    }
  }

  async function withPassword(v: { password: string }) {
    setBusy(true);
    try {
      if (confirm === "disable") {
        await api.post("/api/account/2fa/disable", v);
        message.success("Verificação em duas etapas desativada.");
      } else {
        setCodes((await api.post<RecoveryCodes>("/api/account/2fa/recovery-codes", v)).codes);
      }
      setConfirm(null);
      passwordForm.resetFields();
      await onChange();
    } catch (e) {
      showFormError(passwordForm, e, (m) => message.error(m));
    } finally {
      setBusy(false);
    }
  }

  if (codes) {
    return (
      <Card title="Códigos de recuperação">
        <Alert
          type="warning"
          showIcon
          title="Guarde estes códigos em um lugar seguro"
          description="Cada código entra uma única vez, no lugar do código do aplicativo, se você perder o celular. Eles não serão mostrados de novo."
          style={{ marginBottom: 16 }}
        />
        <ul data-testid="recovery-codes" style={{ fontFamily: "monospace", fontSize: 16, columns: 2 }}>
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <Space>
          <Button
            onClick={() => void navigator.clipboard?.writeText(codes.join("\n")).catch(() => undefined)}
          >
            Copiar
          </Button>
          <Button type="primary" onClick={() => setCodes(null)}>
            Guardei os códigos
          </Button>
        </Space>
      </Card>
    );
  }

  if (account.twoFactor.enabled) {
    return (
      <Card>
        <Space orientation="vertical" size={12}>
          <div>
            <Tag color="green" icon={<SafetyOutlined aria-hidden />}>
              Ativa
            </Tag>
            Ao entrar, além da senha, será pedido o código do aplicativo autenticador.
          </div>
          <Typography.Text type="secondary">
            Códigos de recuperação restantes: {account.twoFactor.recoveryCodesLeft}
          </Typography.Text>
          {account.twoFactor.required && (
            <Alert
              type="info"
              showIcon
              title="O escritório exige a verificação em duas etapas: ela não pode ser desativada."
            />
          )}
          <Space wrap>
            <Button onClick={() => setConfirm("codes")}>Gerar novos códigos de recuperação</Button>
            <Button danger disabled={account.twoFactor.required} onClick={() => setConfirm("disable")}>
              Desativar
            </Button>
          </Space>
        </Space>
        <Modal
          open={confirm !== null}
          title={
            confirm === "disable"
              ? "Desativar a verificação em duas etapas"
              : "Gerar novos códigos de recuperação"
          }
          okText="Confirmar"
          cancelText="Cancelar"
          confirmLoading={busy}
          onOk={() => passwordForm.submit()}
          onCancel={() => setConfirm(null)}
          destroyOnHidden
        >
          <Form form={passwordForm} layout="vertical" onFinish={withPassword} requiredMark={false}>
            <Form.Item
              label="Confirme sua senha"
              name="password"
              rules={[{ required: true, message: "Informe a senha" }]}
            >
              <Input.Password iconRender={passwordIcon} autoComplete="current-password" autoFocus />
            </Form.Item>
          </Form>
        </Modal>
      </Card>
    );
  }

  if (!setup) {
    return (
      <Card>
        <Typography.Paragraph>
          Com a verificação em duas etapas, entrar pede também um código de 6 dígitos gerado por um aplicativo
          autenticador no seu celular (Google Authenticator, Microsoft Authenticator, 2FAS…). Quem descobrir
          sua senha não entra sem o celular.
        </Typography.Paragraph>
        <Button
          type="primary"
          icon={<SafetyOutlined aria-hidden />}
          loading={busy}
          onClick={() => void start()}
        >
          Ativar verificação em duas etapas
        </Button>
      </Card>
    );
  }

  return (
    <Card title="Ativar verificação em duas etapas">
      <Steps
        orientation="vertical"
        current={1}
        items={[
          {
            title: "Leia o QR code com o aplicativo autenticador",
            description: (
              <Space orientation="vertical">
                <img
                  src={setup.qrCode}
                  alt="QR code da verificação em duas etapas"
                  width={220}
                  height={220}
                />
                <Typography.Text type="secondary">
                  Sem câmera? Digite esta chave no aplicativo:{" "}
                  <Typography.Text code copyable data-testid="totp-secret">
                    {setup.secret}
                  </Typography.Text>
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: "Digite o código que o aplicativo mostra",
            description: (
              <Form form={codeForm} layout="inline" onFinish={enable} requiredMark={false}>
                <Form.Item
                  name="code"
                  label="Código"
                  rules={[{ required: true, whitespace: true, message: "Informe o código de 6 dígitos" }]}
                >
                  <Input
                    autoComplete="one-time-code"
                    inputMode="numeric"
                    maxLength={6}
                    style={{ width: 120 }}
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy}>
                  Ativar
                </Button>
              </Form>
            ),
          },
        ]}
      />
    </Card>
  );
}
