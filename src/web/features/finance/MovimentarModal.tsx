/**
 * Movimentar (Opções of the grid): posts the atendimento's value as a debt of the Solicitante, in one
 * or more monthly installments. The preview uses the same rule as the server (shared/finance.ts).
 * Loaded on demand: the tickets page imports this file only when the modal opens.
 */
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Table,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useMemo, useState } from "react";
import { type MovimentarInput, movimentarSchema, type TicketRow } from "../../../shared/api.js";
import {
  formatIsoDateBR,
  type Installment,
  installmentSchedule,
  MAX_INSTALLMENTS,
  todayInSaoPaulo,
} from "../../../shared/finance.js";
import { formatCents, formatCentsPlain, parseBRL } from "../../../shared/money.js";
import { showFormError, validateWithSchema, zodRule } from "../../components/formErrors.js";
import { MoneyInput, moneyRule } from "../../components/MoneyInput.js";
import { ticketKeys } from "../tickets/api.js";
import { financeApi, financeKeys, useActiveCategories } from "./api.js";

interface Values {
  amount: string;
  dueDate: Dayjs | null;
  categoryId: string | null;
  description: string;
  installments: number | null;
}

const RENAME = { amountCents: "amount" };
const DEFAULT_CATEGORY = "Honorários";

function toInput(v: Values): MovimentarInput {
  return {
    amountCents: parseBRL(v.amount ?? "") ?? Number.NaN,
    dueDate: v.dueDate ? v.dueDate.format("YYYY-MM-DD") : "",
    categoryId: v.categoryId ?? "",
    description: v.description ?? "",
    installments: v.installments ?? Number.NaN,
  };
}

/** The installments the server will post, or why they cannot be shown yet. */
function preview(v: Partial<Values>): { rows: Installment[] } | { hint: string } {
  const cents = parseBRL(v.amount ?? "");
  const n = v.installments;
  if (cents === null || cents <= 0) return { hint: "Informe o valor para ver as parcelas." };
  if (!v.dueDate) return { hint: "Informe o vencimento para ver as parcelas." };
  if (!n || !Number.isInteger(n) || n < 1 || n > MAX_INSTALLMENTS)
    return { hint: `Informe de 1 a ${MAX_INSTALLMENTS} parcelas.` };
  if (cents < n) return { hint: "Cada parcela precisa de pelo menos R$ 0,01." };
  return { rows: installmentSchedule(cents, n, v.dueDate.format("YYYY-MM-DD")) };
}

interface Props {
  row: TicketRow;
  /** after the closing animation: the parent unmounts the modal */
  onClosed: () => void;
}

export default function MovimentarModal({ row, onClosed }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const categories = useActiveCategories();
  const [open, setOpen] = useState(true);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const initial = useMemo<Values>(
    () => ({
      amount: row.amountCents > 0 ? formatCentsPlain(row.amountCents) : "",
      dueDate: dayjs(todayInSaoPaulo()).add(10, "day"),
      categoryId: null,
      description: `Atendimento ${row.protocol} — ${row.subject}`.slice(0, 200),
      installments: 1,
    }),
    [row],
  );

  // Honorários is the usual category: chosen once the list arrives, unless another was picked
  useEffect(() => {
    if (!categories.data || form.getFieldValue("categoryId")) return;
    const honorarios = categories.data.find((c) => c.name === DEFAULT_CATEGORY);
    if (honorarios) form.setFieldValue("categoryId", honorarios.id);
  }, [categories.data, form]);

  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const plan = preview(watched ?? initial);
  const rows = "rows" in plan ? plan.rows : [];
  const uneven = rows.length > 1 && rows[0]?.amountCents !== rows[1]?.amountCents;

  async function save(values: Values) {
    setFormError(null);
    const input = toInput(values);
    if (!validateWithSchema(form, movimentarSchema, input, RENAME)) return;
    setSaving(true);
    try {
      const res = await financeApi.movimentar(row.id, input);
      const count = res.debts.length;
      message.success(
        `Débito lançado: ${formatCents(input.amountCents)} para ${row.requester.name}` +
          (count > 1 ? ` em ${count} parcelas` : ""),
      );
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
        queryClient.invalidateQueries({ queryKey: financeKeys.all }),
      ]);
      setOpen(false);
    } catch (e) {
      showFormError(form, e, setFormError, RENAME);
    } finally {
      setSaving(false);
    }
  }

  const categoryOptions = (categories.data ?? []).map((c) => ({ value: c.id, label: c.name }));

  return (
    <Modal
      open={open}
      title={`Movimentar atendimento ${row.protocol}`}
      width={680}
      onCancel={() => setOpen(false)}
      afterClose={onClosed}
      okText="Lançar débito"
      cancelText="Cancelar"
      confirmLoading={saving}
      onOk={() => form.submit()}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        Lança o valor como débito de <Typography.Text strong>{row.requester.name}</Typography.Text> em Contas
        a receber.
      </Typography.Paragraph>
      {row.openDebtCents > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`Este atendimento já tem ${formatCents(row.openDebtCents)} em débitos em aberto.`}
          style={{ marginBottom: 16 }}
        />
      )}
      {formError && (
        <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 16 }} closable />
      )}
      {categories.isError && (
        <Alert
          type="error"
          showIcon
          title="Não foi possível carregar as categorias."
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        name="movimentar"
        initialValues={initial}
        onFinish={save}
        disabled={saving}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label="Valor"
              name="amount"
              required
              rules={[moneyRule(movimentarSchema.shape.amountCents)]}
            >
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item
              label="Vencimento"
              name="dueDate"
              required
              rules={[{ required: true, message: "Informe o vencimento" }]}
              tooltip="Vencimento da 1ª parcela; as demais vencem no mesmo dia dos meses seguintes."
            >
              <DatePicker format="DD/MM/YYYY" style={{ width: "100%" }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item
              label="Parcelas"
              name="installments"
              required
              rules={[zodRule(movimentarSchema.shape.installments)]}
            >
              <InputNumber min={1} max={MAX_INSTALLMENTS} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              label="Categoria"
              name="categoryId"
              required
              rules={[{ required: true, message: "Selecione a categoria" }]}
            >
              <Select
                options={categoryOptions}
                loading={categories.isPending}
                placeholder="Selecione a categoria"
                notFoundContent="Nenhuma categoria ativa: cadastre em Financeiro › Categorias"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              label="Descrição"
              name="description"
              required
              rules={[zodRule(movimentarSchema.shape.description)]}
            >
              <Input maxLength={200} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Typography.Text strong>Parcelas</Typography.Text>
      {"hint" in plan ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {plan.hint}
        </Typography.Paragraph>
      ) : (
        <>
          <Table<Installment>
            aria-label="Prévia das parcelas"
            rowKey="number"
            size="small"
            style={{ marginTop: 8 }}
            dataSource={rows}
            pagination={false}
            scroll={rows.length > 6 ? { y: 220 } : undefined}
            columns={[
              { title: "Nº", dataIndex: "number", width: 70, render: (n: number) => `${n}/${rows.length}` },
              { title: "Vencimento", dataIndex: "dueDate", render: (d: string) => formatIsoDateBR(d) },
              {
                title: "Valor",
                dataIndex: "amountCents",
                align: "right",
                render: (c: number) => <span style={{ whiteSpace: "nowrap" }}>{formatCents(c)}</span>,
              },
            ]}
          />
          {uneven && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              A diferença de centavos fica na 1ª parcela.
            </Typography.Paragraph>
          )}
        </>
      )}
    </Modal>
  );
}
