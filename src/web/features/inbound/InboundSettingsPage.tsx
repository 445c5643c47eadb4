import { ApiOutlined, SaveOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
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
import { SMTP_SECURITY, SMTP_SECURITY_LABELS } from "../../../shared/api.js";
import {
  type InboundSettingsDto,
  type InboundSettingsInput,
  type InboundTestResult,
  inboundSettingsSchema,
} from "../../../shared/inbound.js";
import { errorMessage } from "../../api/client.js";
import { formatDateTime } from "../../components/format.js";
import { showFormError, validateWithSchema, zodRule } from "../../components/formErrors.js";
import { PageHeader } from "../../components/PageHeader.js";
import { passwordIcon } from "../../components/quietIcons.js";
import { inboundApi, inboundKeys, useInboundSettings } from "./api.js";

type Security = (typeof SMTP_SECURITY)[number];
const securityOptions = SMTP_SECURITY.map((s) => ({ value: s, label: SMTP_SECURITY_LABELS[s] }));
const DEFAULT_PORTS: Record<Security, number> = { none: 143, starttls: 143, tls: 993 };

interface FormValues {
  host: string;
  port: number | null;
  security: Security;
  username: string;
  password: string;
  folder: string;
  address: string;
  reopenOnReply: boolean;
}

const toValues = (s: InboundSettingsDto): FormValues => ({
  host: s.host,
  port: s.port,
  security: s.security,
  username: s.username,
  password: "",
  folder: s.folder,
  address: s.address,
  reopenOnReply: s.reopenOnReply,
});

const toInput = (v: FormValues): InboundSettingsInput => ({
  host: v.host ?? "",
  port: v.port ?? Number.NaN,
  security: v.security,
  username: v.username ?? "",
  password: v.password ? v.password : undefined,
  folder: v.folder ?? "",
  address: v.address ?? "",
  reopenOnReply: v.reopenOnReply !== false,
});

/** Configurações › E-mail recebido: the office's IMAP mailbox, where clients' replies arrive. */
export default function InboundSettingsPage() {
  const settings = useInboundSettings();
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%", maxWidth: 960 }}>
      <PageHeader title="E-mail recebido (IMAP)" breadcrumb="Configurações" />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        Os e-mails dos atendimentos saem com um endereço de resposta próprio de cada atendimento. As respostas
        dos clientes chegam nesta caixa e entram no chat do atendimento, com os anexos em Arquivos. E-mails
        novos de clientes cadastrados abrem um atendimento; os de remetentes desconhecidos ficam na{" "}
        <Link to="/caixa-de-entrada">Caixa de entrada</Link>.
      </Typography.Paragraph>
      {settings.isError ? (
        <Alert type="error" showIcon title={errorMessage(settings.error)} />
      ) : !settings.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <ReaderState settings={settings.data} />
          <SettingsForm settings={settings.data} />
        </>
      )}
    </Space>
  );
}

function ReaderState({ settings }: { settings: InboundSettingsDto }) {
  if (!settings.configured)
    return (
      <Alert
        type="info"
        showIcon
        title="Nenhuma caixa de e-mail configurada"
        description="Sem ela, as respostas dos clientes aos e-mails do Atende não chegam aos atendimentos."
      />
    );
  return (
    <Card size="small" title="Situação da leitura">
      {settings.lastError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={settings.lastError}
          description={`${settings.failures} falha(s) seguida(s) desde ${formatDateTime(settings.lastErrorAt)}. Nova tentativa automática em ${formatDateTime(settings.nextPollAt)}; nenhuma mensagem se perde enquanto isso.`}
          style={{ marginBottom: 12 }}
        />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: "ok",
            label: "Última leitura bem-sucedida",
            children: formatDateTime(settings.lastSuccessAt) || "—",
          },
          { key: "next", label: "Próxima leitura", children: formatDateTime(settings.nextPollAt) || "—" },
        ]}
      />
    </Card>
  );
}

function SettingsForm({ settings }: { settings: InboundSettingsDto }) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<"save" | "test" | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [test, setTest] = useState<InboundTestResult | null>(null);

  function checked(): InboundSettingsInput | null {
    setFormError(null);
    const input = toInput(form.getFieldsValue(true) as FormValues);
    return validateWithSchema(form, inboundSettingsSchema, input) ? input : null;
  }

  async function save() {
    const input = checked();
    if (!input) return;
    setBusy("save");
    try {
      const saved = await inboundApi.save(input);
      queryClient.setQueryData(inboundKeys.settings, saved);
      form.setFieldsValue({ password: "" });
      message.success("Caixa de e-mail salva");
    } catch (e) {
      showFormError(form, e, setFormError);
    } finally {
      setBusy(null);
    }
  }

  async function runTest() {
    const input = checked();
    if (!input) return;
    setTest(null);
    setBusy("test");
    try {
      setTest(await inboundApi.test(input));
    } catch (e) {
      showFormError(form, e, setFormError);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card title="Caixa de e-mail">
      {formError && (
        <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 16 }} />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        name="inbound-settings"
        initialValues={toValues(settings)}
        onFinish={save}
        disabled={busy !== null}
        scrollToFirstError
        onValuesChange={(changed: Partial<FormValues>) => {
          if (changed.security) {
            const port = form.getFieldValue("port") as number | null;
            if (port === null || Object.values(DEFAULT_PORTS).includes(port))
              form.setFieldValue("port", DEFAULT_PORTS[changed.security]);
          }
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label="Servidor IMAP"
              name="host"
              required
              rules={[zodRule(inboundSettingsSchema.shape.host)]}
            >
              <Input placeholder="imap.seuprovedor.com.br" autoComplete="off" maxLength={253} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item label="Porta" name="port" required rules={[zodRule(inboundSettingsSchema.shape.port)]}>
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
              required
              rules={[zodRule(inboundSettingsSchema.shape.username)]}
            >
              <Input autoComplete="off" maxLength={254} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="Senha" name="password" rules={[zodRule(inboundSettingsSchema.shape.password)]}>
              <Input.Password
                iconRender={passwordIcon}
                autoComplete="new-password"
                maxLength={500}
                placeholder={settings.hasPassword ? "deixe em branco para manter a senha atual" : undefined}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="Endereço da caixa"
              name="address"
              required
              rules={[zodRule(inboundSettingsSchema.shape.address)]}
              extra="As respostas vão para este endereço com o código do atendimento (atendimento+código@…)."
            >
              <Input type="email" placeholder="atendimento@seuescritorio.com.br" maxLength={254} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="Pasta"
              name="folder"
              required
              rules={[zodRule(inboundSettingsSchema.shape.folder)]}
            >
              <Input placeholder="INBOX" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="reopenOnReply" valuePropName="checked">
              <Checkbox>Reabrir o atendimento encerrado quando o cliente responder</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        {test && (
          <Alert
            type={test.ok ? "success" : "error"}
            showIcon
            role="status"
            title={test.message}
            style={{ marginBottom: 16 }}
          />
        )}
        <Flex justify="flex-end" gap={8} wrap>
          <Button icon={<ApiOutlined aria-hidden />} loading={busy === "test"} onClick={() => void runTest()}>
            Testar conexão
          </Button>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined aria-hidden />}
            loading={busy === "save"}
          >
            Salvar
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
