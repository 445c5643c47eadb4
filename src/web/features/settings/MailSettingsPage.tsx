import { SaveOutlined, SendOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from "antd";
import { useState } from "react";
import { Link } from "react-router";
import {
  type EmailOutcome,
  type MailSettingsDto,
  type MailSettingsInput,
  mailSettingsSchema,
  SMTP_SECURITY,
  SMTP_SECURITY_LABELS,
  testEmailSchema,
} from "../../../shared/api.js";
import { errorMessage } from "../../api/client.js";
import { showFormError, validateWithSchema, zodRule } from "../../components/formErrors.js";
import { PageHeader } from "../../components/PageHeader.js";
import { passwordIcon } from "../../components/quietIcons.js";
import { useMe } from "../auth/AuthContext.js";
import { mailApi, mailKeys, useMailSettings } from "./api.js";

type Security = (typeof SMTP_SECURITY)[number];

interface MailFormValues {
  host: string;
  port: number | null;
  security: Security;
  username: string;
  password: string;
  removePassword: boolean;
  fromName: string;
  fromAddress: string;
}

const securityOptions = SMTP_SECURITY.map((s) => ({ value: s, label: SMTP_SECURITY_LABELS[s] }));

/** The usual port of each kind of connection, offered when the port was left at another default. */
const DEFAULT_PORTS: Record<Security, number> = { none: 25, starttls: 587, tls: 465 };

function toValues(s: MailSettingsDto): MailFormValues {
  return {
    host: s.host,
    port: s.port,
    security: s.security,
    username: s.username ?? "",
    // never shown: the API does not return it, and an empty field keeps the stored one
    password: "",
    removePassword: false,
    fromName: s.fromName,
    fromAddress: s.fromAddress,
  };
}

function toInput(v: MailFormValues): MailSettingsInput {
  return {
    host: v.host ?? "",
    port: v.port ?? Number.NaN,
    security: v.security,
    username: v.username?.trim() ? v.username.trim() : null,
    password: v.removePassword ? null : v.password ? v.password : undefined,
    fromName: v.fromName ?? "",
    fromAddress: v.fromAddress ?? "",
  };
}

export default function MailSettingsPage() {
  const settings = useMailSettings();
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%", maxWidth: 960 }}>
      <PageHeader title="E-mail (SMTP)" breadcrumb="Configurações" />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        A cada alteração de status de um atendimento, o cliente recebe um e-mail enviado por este servidor. Se
        o envio não for possível, quem alterou o status é avisado e o e-mail aparece em{" "}
        <Link to="/configuracoes/emails">E-mails enviados</Link>.
      </Typography.Paragraph>
      {settings.isError ? (
        <Alert type="error" showIcon title={errorMessage(settings.error)} />
      ) : !settings.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <SettingsForm settings={settings.data} />
      )}
      <TestEmailCard configured={settings.data?.configured ?? false} />
    </Space>
  );
}

function SettingsForm({ settings }: { settings: MailSettingsDto }) {
  const [form] = Form.useForm<MailFormValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [hasPassword, setHasPassword] = useState(settings.hasPassword);
  const removePassword = Form.useWatch("removePassword", form);

  async function save(values: MailFormValues) {
    setFormError(null);
    const input = toInput(values);
    if (!validateWithSchema(form, mailSettingsSchema, input)) return;
    setSaving(true);
    try {
      const saved = await mailApi.saveSettings(input);
      queryClient.setQueryData(mailKeys.settings, saved);
      setHasPassword(saved.hasPassword);
      form.setFieldsValue({ password: "", removePassword: false });
      message.success("Configuração de e-mail salva");
    } catch (e) {
      showFormError(form, e, setFormError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title="Servidor de envio">
      {!settings.configured && (
        <Alert
          type="warning"
          showIcon
          title="O envio de e-mails ainda não foi configurado"
          description="Enquanto o servidor SMTP não for informado, os clientes não recebem os e-mails de alteração de status."
          style={{ marginBottom: 16 }}
        />
      )}
      {formError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={formError}
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setFormError(null) }}
        />
      )}
      <Form<MailFormValues>
        form={form}
        layout="vertical"
        name="mail-settings"
        initialValues={toValues(settings)}
        onFinish={save}
        disabled={saving}
        scrollToFirstError
        onValuesChange={(changed: Partial<MailFormValues>) => {
          // switching SSL/TLS ↔ STARTTLS moves the port along while it is one of the usual ones
          if (changed.security) {
            const port = form.getFieldValue("port") as number | null;
            if (port === null || Object.values(DEFAULT_PORTS).includes(port)) {
              form.setFieldValue("port", DEFAULT_PORTS[changed.security]);
            }
          }
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label="Servidor SMTP"
              name="host"
              required
              rules={[zodRule(mailSettingsSchema.shape.host)]}
            >
              <Input placeholder="smtp.seuprovedor.com.br" autoComplete="off" maxLength={253} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item label="Porta" name="port" required rules={[zodRule(mailSettingsSchema.shape.port)]}>
              <InputNumber min={1} max={65535} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={7}>
            <Form.Item label="Segurança" name="security" required>
              <Select options={securityOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="Usuário"
              name="username"
              rules={[zodRule(mailSettingsSchema.shape.username)]}
              extra="Deixe em branco se o servidor não pede autenticação."
            >
              <Input autoComplete="off" maxLength={254} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="Senha"
              name="password"
              rules={[zodRule(mailSettingsSchema.shape.password)]}
              style={hasPassword ? { marginBottom: 4 } : undefined}
            >
              <Input.Password
                iconRender={passwordIcon}
                autoComplete="new-password"
                maxLength={500}
                disabled={saving || removePassword === true}
                placeholder={hasPassword ? "deixe em branco para manter a senha atual" : undefined}
              />
            </Form.Item>
            {hasPassword && (
              <Form.Item name="removePassword" valuePropName="checked">
                <Checkbox>Remover a senha salva</Checkbox>
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="Nome do remetente"
              name="fromName"
              required
              rules={[zodRule(mailSettingsSchema.shape.fromName)]}
            >
              <Input placeholder="Contabilidade Exemplo" maxLength={120} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="E-mail do remetente"
              name="fromAddress"
              required
              rules={[zodRule(mailSettingsSchema.shape.fromAddress)]}
            >
              <Input type="email" placeholder="atendimento@seuescritorio.com.br" maxLength={254} />
            </Form.Item>
          </Col>
        </Row>
        <Flex justify="flex-end">
          <Button type="primary" htmlType="submit" icon={<SaveOutlined aria-hidden />} loading={saving}>
            Salvar
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

function TestEmailCard({ configured }: { configured: boolean }) {
  const me = useMe();
  const [form] = Form.useForm<{ to: string }>();
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<EmailOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function send({ to }: { to: string }) {
    setOutcome(null);
    setError(null);
    setSending(true);
    try {
      setOutcome(await mailApi.sendTest(to.trim()));
    } catch (e) {
      showFormError(form, e, setError);
    } finally {
      setSending(false);
    }
  }

  return (
    <Card title="Enviar e-mail de teste">
      <Typography.Paragraph type="secondary">
        Envia uma mensagem com a configuração salva, para conferir que os clientes receberão os avisos.
        {!configured && " Salve a configuração do servidor antes de testar."}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        name="mail-test"
        initialValues={{ to: me.email }}
        onFinish={send}
        disabled={sending}
        style={{ rowGap: 8 }}
      >
        <Form.Item
          label="Enviar para"
          name="to"
          rules={[zodRule(testEmailSchema.shape.to)]}
          style={{ flex: "1 1 280px", maxWidth: 420 }}
        >
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SendOutlined aria-hidden />} loading={sending}>
            Enviar e-mail de teste
          </Button>
        </Form.Item>
      </Form>
      {outcome && (
        <Alert
          type={outcome.ok ? "success" : "error"}
          showIcon
          role="status"
          title={outcome.message}
          style={{ marginTop: 16 }}
        />
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginTop: 16 }} />}
    </Card>
  );
}
