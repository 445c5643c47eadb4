import { AppstoreAddOutlined, CalendarOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Col, Form, Input, InputNumber, Row, Select, Switch, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { TAX_REGIME_LABELS, TAX_REGIMES, type TaxRegime } from "../../../shared/brazil.js";
import { formatCentsPlain, parseBRL } from "../../../shared/money.js";
import {
  DEPARTMENT_LABELS,
  DEPARTMENTS,
  type Department,
  type ObligationDto,
  type ObligationInput,
  obligationSchema,
  PERIODICITIES,
  PERIODICITY_LABELS,
  type Periodicity,
  SHIFT_LABELS,
  SHIFTS,
  type Shift,
} from "../../../shared/obligations.js";
import { api, errorMessage } from "../../api/client.js";
import { type CrudConfig, CrudPage } from "../../components/crud/CrudPage.js";
import { MoneyInput } from "../../components/MoneyInput.js";
import { ActiveTag } from "../../components/StatusTag.js";
import { ServiceSelect, UserSelect } from "../../components/selects.js";
import { MONTH_NAMES } from "./format.js";
import { GenerateModal } from "./GenerateModal.js";

interface Values {
  name: string;
  department: Department;
  taxRegimes: TaxRegime[];
  periodicity: Periodicity;
  months: number[];
  offsetMonths: number;
  legalDay: number;
  shift: Shift;
  targetBusinessDays: number;
  assigneeId: string | null;
  serviceId: string | null;
  amount: string;
  checklist: string;
  active: boolean;
  clientIds: string[];
}

const ruleText = (o: ObligationDto) =>
  `${o.legalDay === 31 ? "último dia útil" : `dia ${o.legalDay}`}${o.offsetMonths ? ` (+${o.offsetMonths} ${o.offsetMonths === 1 ? "mês" : "meses"})` : ""}, ${o.shift === "before" ? "antecipa" : "prorroga"}`;

const toInput = (v: Values): ObligationInput => ({
  name: v.name,
  department: v.department,
  taxRegimes: v.taxRegimes ?? [],
  clientIds: v.clientIds ?? [],
  periodicity: v.periodicity,
  months: v.months ?? [],
  offsetMonths: v.offsetMonths,
  legalDay: v.legalDay,
  shift: v.shift,
  targetBusinessDays: v.targetBusinessDays ?? 0,
  assigneeId: v.assigneeId ?? null,
  serviceId: v.serviceId ?? null,
  amountCents: v.amount ? (parseBRL(v.amount) ?? Number.NaN) : 0,
  checklist: (v.checklist ?? "")
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean),
  active: v.active,
});

const toValues = (o: ObligationDto): Values => ({
  name: o.name,
  department: o.department,
  taxRegimes: o.taxRegimes,
  clientIds: o.clientIds,
  periodicity: o.periodicity,
  months: o.months,
  offsetMonths: o.offsetMonths,
  legalDay: o.legalDay,
  shift: o.shift,
  targetBusinessDays: o.targetBusinessDays,
  assigneeId: o.assignee?.id ?? null,
  serviceId: o.service?.id ?? null,
  amount: o.amountCents ? formatCentsPlain(o.amountCents) : "",
  checklist: o.checklist.join("\n"),
  active: o.active,
});

function HeaderButtons() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const addStarter = async () => {
    try {
      const r = await api.post<{ added: number }>("/api/obligations/starter");
      message.success(
        r.added
          ? `${r.added} obrigação(ões) do catálogo inicial adicionada(s).`
          : "O catálogo inicial já está completo.",
      );
      await queryClient.invalidateQueries({ queryKey: ["obligations"] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <>
      <Link to="/prazos">
        <Button icon={<CalendarOutlined aria-hidden />}>Prazos</Button>
      </Link>
      <Button icon={<AppstoreAddOutlined aria-hidden />} onClick={addStarter}>
        Catálogo inicial
      </Button>
      <Button icon={<ThunderboltOutlined aria-hidden />} onClick={() => setOpen(true)}>
        Gerar agora
      </Button>
      {open && <GenerateModal open={open} onClose={() => setOpen(false)} />}
    </>
  );
}

const config: CrudConfig<ObligationDto, Values, ObligationInput> = {
  resource: "/api/obligations",
  queryKey: "obligations",
  invalidates: ["deadlines"],
  title: "Obrigações",
  noun: "Obrigação",
  feminine: true,
  headerExtra: <HeaderButtons />,
  searchPlaceholder: "Buscar obrigação pelo nome",
  displayName: (o) => o.name,
  modalWidth: 760,
  scrollX: 1100,
  columns: [
    { title: "Nome", dataIndex: "name", width: 200, ellipsis: true },
    { title: "Depto.", dataIndex: "department", width: 90, render: (d: Department) => DEPARTMENT_LABELS[d] },
    {
      title: "Aplica-se a",
      width: 180,
      render: (_, o) => (
        <span>
          {o.taxRegimes.map((r) => (
            <Tag key={r}>{TAX_REGIME_LABELS[r]}</Tag>
          ))}
          {o.clientIds.length > 0 && <Tag color="blue">{o.clientIds.length} cliente(s)</Tag>}
        </span>
      ),
    },
    { title: "Prazo", width: 200, render: (_, o) => `${PERIODICITY_LABELS[o.periodicity]}: ${ruleText(o)}` },
    {
      title: "Meta",
      dataIndex: "targetBusinessDays",
      width: 80,
      render: (n: number) => (n ? `${n} d.u. antes` : "—"),
    },
    { title: "Responsável", width: 130, ellipsis: true, render: (_, o) => o.assignee?.name ?? "—" },
    { title: "Gerados", dataIndex: "itemCount", width: 80, align: "right" },
    { title: "Situação", dataIndex: "active", width: 90, render: (v: boolean) => <ActiveTag active={v} /> },
  ],
  emptyValues: {
    name: "",
    department: "fiscal",
    taxRegimes: [],
    clientIds: [],
    periodicity: "monthly",
    months: [],
    offsetMonths: 1,
    legalDay: 20,
    shift: "after",
    targetBusinessDays: 3,
    assigneeId: null,
    serviceId: null,
    amount: "",
    checklist: "",
    active: true,
  },
  toValues,
  toInput,
  toggleInput: (o) => ({ ...toInput(toValues(o)), active: !o.active }),
  schema: () => obligationSchema,
  rename: { amountCents: "amount" },
  renderFields: (_editing, form) => (
    <Row gutter={16}>
      <Col xs={24} md={16}>
        <Form.Item label="Nome" name="name" required>
          <Input maxLength={120} autoFocus />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="Departamento" name="department" required>
          <Select options={DEPARTMENTS.map((d) => ({ value: d, label: DEPARTMENT_LABELS[d] }))} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item
          label="Regimes tributários"
          name="taxRegimes"
          extra="A obrigação é gerada para cada cliente ativo destes regimes."
        >
          <Select
            mode="multiple"
            options={TAX_REGIMES.map((r) => ({ value: r, label: TAX_REGIME_LABELS[r] }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="Periodicidade" name="periodicity" required>
          <Select options={PERIODICITIES.map((p) => ({ value: p, label: PERIODICITY_LABELS[p] }))} />
        </Form.Item>
      </Col>
      <Form.Item noStyle shouldUpdate={(a, b) => a.periodicity !== b.periodicity}>
        {() =>
          ["custom", "yearly"].includes(form.getFieldValue("periodicity")) ? (
            <Col xs={24} md={16}>
              <Form.Item label="Mês(es) da competência" name="months" required>
                <Select mode="multiple" options={MONTH_NAMES.map((m, i) => ({ value: i + 1, label: m }))} />
              </Form.Item>
            </Col>
          ) : null
        }
      </Form.Item>
      <Col xs={12} md={8}>
        <Form.Item
          label="Dia legal"
          name="legalDay"
          required
          extra="31 = último dia útil do mês (também em meses de 30 dias e fevereiro)."
        >
          <InputNumber min={1} max={31} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item label="Vence quantos meses após a competência" name="offsetMonths" required>
          <InputNumber min={0} max={12} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="Em dia não útil" name="shift" required>
          <Select options={SHIFTS.map((s) => ({ value: s, label: SHIFT_LABELS[s] }))} />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item label="Meta (dias úteis antes)" name="targetBusinessDays">
          <InputNumber min={0} max={20} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="Responsável padrão" name="assigneeId">
          <UserSelect allowClear placeholder="Sem responsável" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="Serviço" name="serviceId">
          <ServiceSelect allowClear activeOnly placeholder="Nenhum" />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item label="Valor cobrado" name="amount">
          <MoneyInput />
        </Form.Item>
      </Col>
      <Col xs={24} md={16}>
        <Form.Item label="Checklist (um passo por linha)" name="checklist">
          <Input.TextArea rows={3} maxLength={3000} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label="Ativa" name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
    </Row>
  ),
};

export default function ObligationsPage() {
  return <CrudPage config={config} />;
}
