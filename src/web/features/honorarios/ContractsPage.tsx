/** Financeiro › Contratos de honorários: the cadastro (CrudPage, cards on a phone) with the history drawer. */
import { HistoryOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Switch, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import type { Page, ServiceDto } from "../../../shared/api.js";
import { todayInSaoPaulo } from "../../../shared/finance.js";
import {
  formatPeriodBR,
  INDEX_WINDOW_LABELS,
  INDEX_WINDOWS,
  type IndexWindow,
  parseRatePercent,
  REAJUSTE_KINDS,
  REAJUSTE_LABELS,
  type ReajusteKind,
  THIRTEENTH_LABELS,
  THIRTEENTH_MODES,
  type ThirteenthMode,
} from "../../../shared/honorarios.js";
import {
  type FeeContractDto,
  type FeeContractInput,
  feeContractSchema,
} from "../../../shared/honorarios-api.js";
import { formatCents, parseBRL } from "../../../shared/money.js";
import { api } from "../../api/client.js";
import { type CrudConfig, CrudPage } from "../../components/crud/CrudPage.js";
import { centsToText, MoneyInput } from "../../components/MoneyInput.js";
import { ClientSelect } from "../../components/selects.js";
import { useActiveCategories } from "../finance/api.js";
import { ContractHistoryDrawer } from "./ContractHistoryDrawer.js";
import { MONTH_OPTIONS, ratePpmText } from "./format.js";

interface Values {
  clientId: string | null;
  categoryId: string | null;
  monthly: string;
  dueDay: number | null;
  dueNextMonth: boolean;
  startDate: Dayjs | null;
  endDate: Dayjs | null;
  serviceIds: string[];
  notes: string;
  reajuste: ReajusteKind;
  fixedRate: string;
  anniversaryMonth: number | null;
  indexWindow: IndexWindow;
  thirteenth: ThirteenthMode;
  thirteenthMonths: number[];
}

type ContractInput = FeeContractInput & { version?: number };

const iso = (d: Dayjs | null) => (d ? d.format("YYYY-MM-DD") : null);

function toInput(v: Values, editing: FeeContractDto | null): ContractInput {
  const rate = parseRatePercent(v.fixedRate || "0");
  return {
    clientId: v.clientId ?? "",
    categoryId: v.categoryId ?? "",
    monthlyCents: parseBRL(v.monthly) ?? Number.NaN,
    dueDay: v.dueDay ?? Number.NaN,
    dueNextMonth: v.dueNextMonth,
    startDate: iso(v.startDate) ?? "",
    endDate: iso(v.endDate),
    serviceIds: v.serviceIds,
    notes: v.notes,
    reajuste: v.reajuste,
    fixedRatePpm: v.reajuste === "fixed" ? ("ppm" in rate ? rate.ppm : Number.NaN) : null,
    anniversaryMonth: v.anniversaryMonth ?? Number.NaN,
    indexWindow: v.indexWindow,
    thirteenth: v.thirteenth,
    thirteenthMonths: v.thirteenthMonths,
    ...(editing ? { version: editing.version } : {}),
  };
}

function toValues(c: FeeContractDto): Values {
  return {
    clientId: c.client.id,
    categoryId: c.category.id,
    monthly: centsToText(c.monthlyCents),
    dueDay: c.dueDay,
    dueNextMonth: c.dueNextMonth,
    startDate: dayjs(c.startDate),
    endDate: c.endDate ? dayjs(c.endDate) : null,
    serviceIds: c.services.map((s) => s.id),
    notes: c.notes,
    reajuste: c.reajuste,
    fixedRate: c.fixedRatePpm === null ? "" : ratePpmText(c.fixedRatePpm),
    anniversaryMonth: c.anniversaryMonth,
    indexWindow: c.indexWindow,
    thirteenth: c.thirteenth,
    thirteenthMonths: c.thirteenthMonths,
  };
}

function ServicesField(props: { value?: string[]; onChange?: (v: string[]) => void }) {
  const services = useQuery({
    queryKey: ["services", "options-all"],
    queryFn: ({ signal }) =>
      api.get<Page<ServiceDto>>("/api/services", { query: { active: "true", pageSize: 200 }, signal }),
    staleTime: 60_000,
  });
  return (
    <Select
      {...props}
      mode="multiple"
      allowClear
      placeholder="Serviços incluídos no contrato"
      optionFilterProp="label"
      loading={services.isLoading}
      options={(services.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
    />
  );
}

function CategoryField(props: { value?: string; onChange?: (v: string) => void }) {
  const categories = useActiveCategories();
  return (
    <Select
      {...props}
      placeholder="Categoria"
      loading={categories.isLoading}
      options={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}

const reajusteText = (c: FeeContractDto) =>
  c.reajuste === "none"
    ? "Sem reajuste"
    : `${REAJUSTE_LABELS[c.reajuste]}${c.reajuste === "fixed" && c.fixedRatePpm !== null ? ` ${ratePpmText(c.fixedRatePpm)}%` : ""}${c.nextReajuste ? ` · próximo ${formatPeriodBR(c.nextReajuste)}` : ""}`;

function makeConfig(
  openHistory: (c: FeeContractDto) => void,
): CrudConfig<FeeContractDto, Values, ContractInput> {
  return {
    resource: "/api/fees/contracts",
    queryKey: "feeContracts",
    invalidates: ["fees"],
    title: "Contratos de honorários",
    breadcrumb: "Financeiro",
    noun: "Contrato",
    searchPlaceholder: "Buscar contrato pelo cliente",
    displayName: (c) => `o contrato de ${c.client.name}`,
    columns: [
      { title: "Cliente", dataIndex: ["client", "name"], ellipsis: true },
      {
        title: "Valor mensal",
        dataIndex: "monthlyCents",
        width: 130,
        align: "right",
        render: (v: number) => formatCents(v),
      },
      { title: "Venc.", dataIndex: "dueDay", width: 70, render: (d: number) => `dia ${d}` },
      {
        title: "Reajuste",
        key: "reajuste",
        width: 230,
        ellipsis: true,
        render: (_: unknown, c) => reajusteText(c),
      },
      {
        title: "Vigência",
        key: "vigencia",
        width: 190,
        render: (_: unknown, c) =>
          `${dayjs(c.startDate).format("DD/MM/YYYY")} – ${c.endDate ? dayjs(c.endDate).format("DD/MM/YYYY") : "indeterminado"}`,
      },
      {
        title: "Situação",
        dataIndex: "active",
        width: 100,
        render: (a: boolean) => <Tag color={a ? "green" : "default"}>{a ? "Vigente" : "Encerrado"}</Tag>,
      },
    ],
    emptyValues: {
      clientId: null,
      categoryId: null,
      monthly: "",
      dueDay: 10,
      dueNextMonth: true,
      startDate: dayjs(todayInSaoPaulo()).startOf("month"),
      endDate: null,
      serviceIds: [],
      notes: "",
      reajuste: "ipca",
      fixedRate: "",
      anniversaryMonth: dayjs(todayInSaoPaulo()).month() + 1,
      indexWindow: "two_months_before",
      thirteenth: "december",
      thirteenthMonths: [],
    },
    toValues,
    toInput,
    // Desativar = encerrar hoje; Reativar = sem término
    toggleInput: (c) => ({
      ...toInput(toValues(c), c),
      endDate: c.active ? todayInSaoPaulo() : null,
    }),
    schema: () => feeContractSchema,
    modalWidth: 760,
    scrollX: 1000,
    actionsWidth: 230,
    extraActions: (c) => (
      <Button size="small" icon={<HistoryOutlined aria-hidden />} onClick={() => openHistory(c)}>
        Histórico
      </Button>
    ),
    renderFields: (editing, form) => <ContractFields editing={editing} form={form} />,
  };
}

function ContractFields({
  editing,
  form,
}: {
  editing: FeeContractDto | null;
  form: import("antd").FormInstance<Values>;
}) {
  const reajuste = Form.useWatch("reajuste", form);
  const thirteenth = Form.useWatch("thirteenth", form);
  return (
    <Row gutter={16}>
      <Col xs={24} md={14}>
        <Form.Item
          label="Cliente"
          name="clientId"
          required
          rules={[{ required: true, message: "Escolha o cliente" }]}
        >
          <ClientSelect disabled={Boolean(editing)} known={editing?.client ?? null} placeholder="Cliente" />
        </Form.Item>
      </Col>
      <Col xs={24} md={10}>
        <Form.Item
          label="Categoria"
          name="categoryId"
          required
          rules={[{ required: true, message: "Escolha a categoria" }]}
        >
          <CategoryField />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12} md={8}>
        <Form.Item
          label="Valor mensal"
          name="monthly"
          required
          rules={[
            {
              validator: async (_, v: string) => {
                const cents = parseBRL(v ?? "");
                if (cents === null || cents <= 0) throw new Error("O valor mensal deve ser maior que zero");
              },
            },
          ]}
        >
          <MoneyInput />
        </Form.Item>
      </Col>
      <Col xs={12} sm={6} md={5}>
        <Form.Item label="Dia de vencimento" name="dueDay" required extra="31: último dia do mês">
          <InputNumber min={1} max={31} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={6} md={11}>
        <Form.Item label="Vence no mês seguinte à competência" name="dueNextMonth" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item label="Início" name="startDate" required>
          <DatePicker format="DD/MM/YYYY" style={{ width: "100%" }} allowClear={false} />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item label="Término" name="endDate" extra="Vazio: prazo indeterminado">
          <DatePicker format="DD/MM/YYYY" style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="Reajuste" name="reajuste">
          <Select options={REAJUSTE_KINDS.map((k) => ({ value: k, label: REAJUSTE_LABELS[k] }))} />
        </Form.Item>
      </Col>
      {reajuste === "fixed" && (
        <Col xs={12} md={8}>
          <Form.Item label="Percentual fixo (%)" name="fixedRate" required>
            <Input placeholder="5,00" inputMode="decimal" />
          </Form.Item>
        </Col>
      )}
      {reajuste !== "none" && (
        <>
          <Col xs={12} md={8}>
            <Form.Item label="Mês de aniversário" name="anniversaryMonth" required>
              <Select options={MONTH_OPTIONS} />
            </Form.Item>
          </Col>
          {reajuste !== "fixed" && (
            <Col xs={24} md={16}>
              <Form.Item label="Meses do índice" name="indexWindow">
                <Select options={INDEX_WINDOWS.map((w) => ({ value: w, label: INDEX_WINDOW_LABELS[w] }))} />
              </Form.Item>
            </Col>
          )}
        </>
      )}
      <Col xs={24} md={8}>
        <Form.Item label="13º honorário" name="thirteenth">
          <Select options={THIRTEENTH_MODES.map((m) => ({ value: m, label: THIRTEENTH_LABELS[m] }))} />
        </Form.Item>
      </Col>
      {thirteenth === "split" && (
        <Col xs={24} md={16}>
          <Form.Item label="Meses do 13º" name="thirteenthMonths" required>
            <Select mode="multiple" options={MONTH_OPTIONS} placeholder="Ex.: novembro e dezembro" />
          </Form.Item>
        </Col>
      )}
      <Col span={24}>
        <Form.Item label="Serviços incluídos" name="serviceIds">
          <ServicesField />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label="Observações" name="notes">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Col>
    </Row>
  );
}

export default function ContractsPage() {
  const [history, setHistory] = useState<FeeContractDto | null>(null);
  const [config] = useState(() => makeConfig(setHistory));
  return (
    <>
      <CrudPage config={config} />
      <ContractHistoryDrawer contract={history} onClose={() => setHistory(null)} />
    </>
  );
}
