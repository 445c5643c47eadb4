/**
 * Configurações › Financeiro (admin): the office's PIX key and receiver, multa and juros, and the
 * régua de cobrança. Percentages are typed as text ("2,00") and sent as integer basis points (200)
 * (see percent.ts).
 */
import { CloseOutlined, PlusOutlined, SaveOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import type { ZodType } from "zod";
import {
  type FinanceSettingsDto,
  type FinanceSettingsInput,
  financeSettingsSchema,
} from "../../../shared/api.js";
import { lateCharges } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import {
  maskPixKey,
  normalizePixKey,
  PIX_CITY_MAX,
  PIX_KEY_TYPE_LABELS,
  PIX_NAME_MAX,
  pixText,
} from "../../../shared/pix.js";
import { errorMessage } from "../../api/client.js";
import { showFormError, validateWithSchema, zodRule } from "../../components/formErrors.js";
import { PageHeader } from "../../components/PageHeader.js";
import { financeApi, financeKeys, useFinanceSettings } from "./api.js";
import { formatPercentBp, offsetLabel, parsePercentBp, parseSignedPercentBp } from "./percent.js";

interface Values {
  pixKey: string;
  pixMerchantName: string;
  pixMerchantCity: string;
  lateFee: string;
  monthlyInterest: string;
  remindersEnabled: boolean;
  reminderOffsets: number[];
}

const RENAME = { lateFeeBp: "lateFee", monthlyInterestBp: "monthlyInterest" };

/** the typed percentage checked against the shared schema: a negative one says so, not "inválido" */
const percentRule = (label: string, schema: ZodType) => ({
  validator: async (_: unknown, value: unknown) => {
    if (typeof value !== "string" || value.trim() === "") throw new Error(`Informe ${label}`);
    const bp = parseSignedPercentBp(value);
    if (bp === null) throw new Error("Percentual inválido (use o formato 2,00)");
    const result = schema.safeParse(bp);
    if (!result.success) throw new Error(result.error.issues[0]?.message ?? "Percentual inválido");
  },
});

function toValues(s: FinanceSettingsDto): Values {
  return {
    pixKey: s.pixKey ?? "",
    pixMerchantName: s.pixMerchantName ?? "",
    pixMerchantCity: s.pixMerchantCity ?? "",
    lateFee: formatPercentBp(s.lateFeeBp),
    monthlyInterest: formatPercentBp(s.monthlyInterestBp),
    remindersEnabled: s.remindersEnabled,
    reminderOffsets: s.reminderOffsets,
  };
}

function toInput(v: Values): FinanceSettingsInput {
  return {
    pixKey: v.pixKey?.trim() ? v.pixKey.trim() : null,
    pixMerchantName: v.pixMerchantName?.trim() ? v.pixMerchantName.trim() : null,
    pixMerchantCity: v.pixMerchantCity?.trim() ? v.pixMerchantCity.trim() : null,
    lateFeeBp: parsePercentBp(v.lateFee ?? "") ?? Number.NaN,
    monthlyInterestBp: parsePercentBp(v.monthlyInterest ?? "") ?? Number.NaN,
    remindersEnabled: v.remindersEnabled ?? false,
    reminderOffsets: v.reminderOffsets ?? [],
  };
}

export default function FinanceSettingsPage() {
  const settings = useFinanceSettings();
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%", maxWidth: 960 }}>
      <PageHeader title="Financeiro" breadcrumb="Configurações" />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        A cobrança por e-mail leva um código PIX copia e cola e o QR code com a chave e o recebedor abaixo. A
        multa e os juros são calculados sobre o saldo pago depois do vencimento.
      </Typography.Paragraph>
      {settings.isError ? (
        <Alert type="error" showIcon title={errorMessage(settings.error)} />
      ) : !settings.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <SettingsForm settings={settings.data} />
      )}
    </Space>
  );
}

function SettingsForm({ settings }: { settings: FinanceSettingsDto }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [configured, setConfigured] = useState(settings.pixConfigured);

  const pixKey = (Form.useWatch("pixKey", form) as string | undefined) ?? settings.pixKey ?? "";
  const name = (Form.useWatch("pixMerchantName", form) as string | undefined) ?? "";
  const city = (Form.useWatch("pixMerchantCity", form) as string | undefined) ?? "";
  const lateFee = parsePercentBp((Form.useWatch("lateFee", form) as string | undefined) ?? "");
  const interest = parsePercentBp((Form.useWatch("monthlyInterest", form) as string | undefined) ?? "");
  const remindersOn = Form.useWatch("remindersEnabled", form) as boolean | undefined;
  const detected = pixKey.trim() ? normalizePixKey(pixKey) : null;

  async function save(values: Values) {
    setFormError(null);
    const input = toInput(values);
    if (!validateWithSchema(form, financeSettingsSchema, input, RENAME)) return;
    setSaving(true);
    try {
      const saved = await financeApi.saveSettings(input);
      queryClient.setQueryData(financeKeys.settings, saved);
      setConfigured(saved.pixConfigured);
      form.setFieldsValue(toValues(saved));
      message.success("Configuração financeira salva");
    } catch (e) {
      showFormError(form, e, setFormError, RENAME);
    } finally {
      setSaving(false);
    }
  }

  const example =
    lateFee !== null && interest !== null
      ? lateCharges(100_000, "2026-01-01", "2026-01-16", { lateFeeBp: lateFee, monthlyInterestBp: interest })
      : null;

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      name="finance-settings"
      initialValues={toValues(settings)}
      onFinish={save}
      disabled={saving}
      scrollToFirstError
    >
      <Flex vertical gap={16}>
        {formError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={formError}
            closable={{ onClose: () => setFormError(null) }}
          />
        )}
        <Card title="PIX">
          {!configured && (
            <Alert
              type="warning"
              showIcon
              title="PIX ainda não configurado"
              description="Sem a chave, o nome e a cidade do recebedor, as cobranças não podem ser enviadas com o código PIX."
              style={{ marginBottom: 16 }}
            />
          )}
          <Row gutter={16}>
            <Col span={24}>
              <Form.Item
                label="Chave PIX"
                name="pixKey"
                normalize={(v: string) => maskPixKey(v)}
                rules={[zodRule(financeSettingsSchema.shape.pixKey)]}
                extra={
                  detected ? (
                    <span data-testid="pix-key-type">
                      Tipo de chave: <strong>{PIX_KEY_TYPE_LABELS[detected.type]}</strong> ({detected.key})
                    </span>
                  ) : (
                    "Aceita CPF, CNPJ, e-mail, celular com +55 (ex.: +55 11 91234-5678) ou chave aleatória."
                  )
                }
              >
                <Input
                  maxLength={100}
                  autoComplete="off"
                  placeholder="CNPJ, e-mail, celular ou chave aleatória"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item
                label="Nome do recebedor"
                name="pixMerchantName"
                rules={[zodRule(financeSettingsSchema.shape.pixMerchantName)]}
              >
                <Input maxLength={60} placeholder="Como o banco mostra ao pagador" />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                label="Cidade"
                name="pixMerchantCity"
                rules={[zodRule(financeSettingsSchema.shape.pixMerchantCity)]}
              >
                <Input maxLength={40} placeholder="São Paulo" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text type="secondary" data-testid="pix-preview">
            No código PIX: nome <Typography.Text code>{pixText(name, PIX_NAME_MAX) || "—"}</Typography.Text>{" "}
            (até {PIX_NAME_MAX} caracteres), cidade{" "}
            <Typography.Text code>{pixText(city, PIX_CITY_MAX) || "—"}</Typography.Text> (até {PIX_CITY_MAX}
            ), sem acentos.
          </Typography.Text>
        </Card>
        <Card title="Multa e juros">
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item
                label="Multa"
                name="lateFee"
                required
                rules={[percentRule("a multa", financeSettingsSchema.shape.lateFeeBp)]}
              >
                <Input suffix="%" inputMode="decimal" placeholder="2,00" maxLength={8} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                label="Juros ao mês"
                name="monthlyInterest"
                required
                rules={[percentRule("os juros", financeSettingsSchema.shape.monthlyInterestBp)]}
              >
                <Input suffix="% a.m." inputMode="decimal" placeholder="1,00" maxLength={8} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
                Multa sobre o valor pago em atraso; juros pro rata dia (30 dias = 1 mês).
                {example && (
                  <>
                    {" "}
                    Exemplo: {formatCents(100_000)} pagos com 15 dias de atraso têm multa de{" "}
                    {formatCents(example.lateFeeCents)} e juros de {formatCents(example.interestCents)}.
                  </>
                )}
              </Typography.Paragraph>
            </Col>
          </Row>
        </Card>
        <Card title="Régua de cobrança">
          <Typography.Paragraph type="secondary">
            Lembretes automáticos por e-mail ao cliente, com o código PIX, antes e depois do vencimento. Cada
            lembrete é enviado uma vez; param quando o débito é pago ou cancelado.
          </Typography.Paragraph>
          <Form.Item name="remindersEnabled" valuePropName="checked" style={{ marginBottom: 12 }}>
            <Switch
              checkedChildren="Ativa"
              unCheckedChildren="Desativada"
              aria-label="Régua de cobrança ativa"
            />
          </Form.Item>
          <Form.Item
            label="Lembretes"
            name="reminderOffsets"
            rules={[zodRule(financeSettingsSchema.shape.reminderOffsets)]}
          >
            <OffsetsInput disabled={saving || remindersOn === false} />
          </Form.Item>
        </Card>
        <Flex justify="flex-end">
          <Button type="primary" htmlType="submit" icon={<SaveOutlined aria-hidden />} loading={saving}>
            Salvar
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}

type Side = "before" | "on" | "after";

/** The régua's steps as tags ("3 dias antes", "1 dia depois"), with add and remove. */
function OffsetsInput({
  value,
  onChange,
  disabled,
}: {
  value?: number[];
  onChange?: (v: number[]) => void;
  disabled?: boolean;
}) {
  const offsets = [...(value ?? [])].sort((a, b) => a - b);
  const [days, setDays] = useState<number | null>(3);
  const [side, setSide] = useState<Side>("before");
  const [error, setError] = useState<string | null>(null);

  function add() {
    setError(null);
    const n = side === "on" ? 0 : days;
    if (n === null || !Number.isInteger(n) || n < 1) {
      setError("Informe os dias");
      return;
    }
    const offset = side === "before" ? -n : n;
    if (offsets.includes(offset)) {
      setError(`${offsetLabel(offset)} já está na régua`);
      return;
    }
    onChange?.([...offsets, offset].sort((a, b) => a - b));
  }

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} aria-label="Lembretes da régua" role="list" style={{ minHeight: 24 }}>
        {offsets.length === 0 ? (
          <Typography.Text type="secondary">Nenhum lembrete.</Typography.Text>
        ) : (
          offsets.map((o) => (
            <Tag
              key={o}
              role="listitem"
              color={o < 0 ? "blue" : o === 0 ? "gold" : "red"}
              closable={!disabled}
              closeIcon={<CloseOutlined aria-label={`Remover ${offsetLabel(o)}`} />}
              onClose={(e) => {
                e.preventDefault();
                onChange?.(offsets.filter((x) => x !== o));
              }}
              style={{ fontSize: 13, padding: "2px 8px" }}
            >
              {offsetLabel(o)}
            </Tag>
          ))
        )}
      </Flex>
      <Space.Compact>
        <InputNumber
          aria-label="Dias"
          min={1}
          max={side === "before" ? 30 : 90}
          precision={0}
          value={side === "on" ? null : days}
          disabled={disabled || side === "on"}
          onChange={(v) => setDays(v)}
          style={{ width: 90 }}
        />
        <Select<Side>
          aria-label="Quando"
          value={side}
          disabled={disabled}
          onChange={setSide}
          style={{ width: 240 }}
          options={[
            { value: "before", label: "dias antes do vencimento" },
            { value: "on", label: "no dia do vencimento" },
            { value: "after", label: "dias depois do vencimento" },
          ]}
        />
        <Button icon={<PlusOutlined aria-hidden />} onClick={add} disabled={disabled || offsets.length >= 6}>
          Adicionar
        </Button>
      </Space.Compact>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {offsets.length >= 6 && <Typography.Text type="secondary">No máximo 6 lembretes.</Typography.Text>}
    </Flex>
  );
}
