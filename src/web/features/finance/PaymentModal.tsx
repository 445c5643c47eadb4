/**
 * Baixa: registers a payment of a debt. The amount is prefilled with what settles the balance on the
 * chosen day (principal + multa + juros, from the server's quote) and follows the date until the
 * person types another amount (a partial payment).
 */
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Skeleton,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { type DebtDto, type PaymentInput, paymentReceiptPath, paymentSchema } from "../../../shared/api.js";
import {
  formatIsoDateBR,
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  type PaymentMethod,
  todayInSaoPaulo,
} from "../../../shared/finance.js";
import { formatCents, formatCentsPlain, parseBRL } from "../../../shared/money.js";
import { errorMessage } from "../../api/client.js";
import { showFormError, validateWithSchema, zodRule } from "../../components/formErrors.js";
import { MoneyInput, moneyRule } from "../../components/MoneyInput.js";
import { financeApi, financeKeys, useQuote } from "./api.js";
import { debtTitle } from "./ui.js";

interface Values {
  amount: string;
  paidOn: Dayjs | null;
  method: PaymentMethod;
  waiveCharges: boolean;
  note: string;
}

const RENAME = { amountCents: "amount" };
const methodOptions = PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] }));

function toInput(v: Values): PaymentInput {
  return {
    amountCents: parseBRL(v.amount ?? "") ?? Number.NaN,
    paidOn: v.paidOn ? v.paidOn.format("YYYY-MM-DD") : "",
    method: v.method,
    note: v.note?.trim() ? v.note.trim() : null,
    waiveCharges: v.waiveCharges ?? false,
  };
}

interface Props {
  debt: DebtDto;
  onClosed: () => void;
}

export function PaymentModal({ debt, onClosed }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(true);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  // once the person types an amount, a new date or the waiver no longer replaces it
  const [typed, setTyped] = useState(false);
  const today = todayInSaoPaulo();

  const paidOn = Form.useWatch("paidOn", form) as Dayjs | null | undefined;
  const waive = Form.useWatch("waiveCharges", form) as boolean | undefined;
  const on = paidOn === undefined ? today : paidOn ? paidOn.format("YYYY-MM-DD") : null;
  const quote = useQuote(debt.id, on);
  const q = quote.data && quote.data.on === on ? quote.data : null;
  const hasCharges = Boolean(q && q.lateFeeCents + q.interestCents > 0);
  const dueCents = q ? (waive ? q.principalCents : q.totalCents) : null;

  useEffect(() => {
    if (dueCents === null || typed) return;
    form.setFieldValue("amount", formatCentsPlain(dueCents));
    form.validateFields(["amount"]).catch(() => undefined);
  }, [dueCents, typed, form]);

  async function save(values: Values) {
    setFormError(null);
    const input = toInput(values);
    if (!validateWithSchema(form, paymentSchema, input, RENAME)) return;
    setSaving(true);
    try {
      const saved = await financeApi.pay(debt.id, input);
      const last = [...saved.payments]
        .filter((p) => !p.reversal)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      // the recibo of this payment, partial or not, a click away (the notice stays a while for it)
      message.success({
        duration: 10,
        content: (
          <span>
            Baixa registrada: {formatCents(input.amountCents)}
            {last && (
              <>
                {" "}
                — recibo nº {last.receiptNumber}.{" "}
                <a
                  href={paymentReceiptPath(debt.id, last.id)}
                  download=""
                  aria-label={`Baixar recibo nº ${last.receiptNumber}`}
                >
                  Baixar recibo
                </a>
              </>
            )}
          </span>
        ),
      });
      await queryClient.invalidateQueries({ queryKey: financeKeys.all });
      await queryClient.invalidateQueries({ queryKey: ["tickets"] });
      setOpen(false);
    } catch (e) {
      showFormError(form, e, setFormError, RENAME);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title="Baixa: registrar pagamento"
      width={620}
      onCancel={() => setOpen(false)}
      afterClose={onClosed}
      okText="Registrar pagamento"
      cancelText="Cancelar"
      confirmLoading={saving}
      onOk={() => form.submit()}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Typography.Paragraph style={{ marginBottom: 12 }}>
        <Typography.Text strong>{debt.client.name}</Typography.Text>
        <br />
        <Typography.Text type="secondary">
          {debtTitle(debt)} — vencimento {formatIsoDateBR(debt.dueDate)}
        </Typography.Text>
      </Typography.Paragraph>
      {formError && (
        <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 16 }} closable />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        name="baixa"
        initialValues={{
          amount: "",
          paidOn: dayjs(today),
          method: "pix",
          waiveCharges: false,
          note: "",
        }}
        onFinish={save}
        onValuesChange={(changed: Partial<Values>) => {
          if ("amount" in changed) setTyped(true);
        }}
        disabled={saving}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label="Data do pagamento"
              name="paidOn"
              required
              rules={[{ required: true, message: "Informe a data do pagamento" }]}
            >
              <DatePicker
                format="DD/MM/YYYY"
                style={{ width: "100%" }}
                allowClear={false}
                disabledDate={(d) => d.format("YYYY-MM-DD") > today}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="Forma" name="method" required>
              <Select options={methodOptions} />
            </Form.Item>
          </Col>
        </Row>
        <QuoteBox quote={q} loading={quote.isFetching && !q} error={quote.error} waive={waive === true} />
        <Row gutter={16} align="bottom">
          <Col xs={24} md={12}>
            <Form.Item
              label="Valor recebido"
              name="amount"
              required
              rules={[moneyRule(paymentSchema.shape.amountCents)]}
              extra={
                typed && dueCents !== null ? (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0, height: "auto" }}
                    onClick={() => {
                      setTyped(false);
                      form.setFieldValue("amount", formatCentsPlain(dueCents));
                    }}
                  >
                    Usar o total para quitar ({formatCents(dueCents)})
                  </Button>
                ) : (
                  "Um valor menor registra um pagamento parcial."
                )
              }
            >
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="waiveCharges" valuePropName="checked">
              <Checkbox disabled={saving || !hasCharges}>Dispensar multa e juros</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="Observação" name="note" rules={[zodRule(paymentSchema.shape.note)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function QuoteBox({
  quote,
  loading,
  error,
  waive,
}: {
  quote: {
    principalCents: number;
    lateFeeCents: number;
    interestCents: number;
    totalCents: number;
    daysLate: number;
  } | null;
  loading: boolean;
  error: unknown;
  waive: boolean;
}) {
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />;
  if (!quote || loading) return <Skeleton active title={false} paragraph={{ rows: 2 }} />;
  const late = quote.daysLate > 0;
  const charges = quote.lateFeeCents + quote.interestCents;
  const total = waive ? quote.principalCents : quote.totalCents;
  const money = (c: number) => <span style={{ whiteSpace: "nowrap" }}>{formatCents(c)}</span>;
  const struck = (c: number) =>
    waive ? <Typography.Text delete>{formatCents(c)}</Typography.Text> : money(c);
  return (
    <Descriptions
      size="small"
      bordered
      column={2}
      style={{ marginBottom: 16 }}
      data-testid="quote"
      items={[
        { key: "principal", label: "Principal", children: money(quote.principalCents) },
        {
          key: "late",
          label: "Atraso",
          children: late ? `${quote.daysLate} ${quote.daysLate === 1 ? "dia" : "dias"}` : "em dia",
        },
        { key: "fee", label: "Multa", children: struck(quote.lateFeeCents) },
        { key: "interest", label: "Juros", children: struck(quote.interestCents) },
        {
          key: "total",
          label: "Total para quitar",
          span: 2,
          children: (
            <Typography.Text strong>
              {money(total)}
              {waive && charges > 0 && (
                <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
                  {" "}
                  (multa e juros dispensados)
                </Typography.Text>
              )}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}
