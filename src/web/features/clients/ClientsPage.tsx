import { UploadOutlined } from "@ant-design/icons";
import { Button, Col, Form, Input, Row, Select, Switch, Tooltip, Typography } from "antd";
import { Link } from "react-router";
import { type ClientDto, type ClientInput, clientSchema, emailSchema } from "../../../shared/api.js";
import { TAX_REGIME_LABELS, TAX_REGIMES, type TaxRegime, UF_IBGE, UFS } from "../../../shared/brazil.js";
import { formatDocument, maskDocument, normalizeDocument } from "../../../shared/documents.js";
import { type CrudConfig, CrudPage } from "../../components/crud/CrudPage.js";
import { zodRule } from "../../components/formErrors.js";
import { ActiveTag } from "../../components/StatusTag.js";
import { AccountantSelect, accountantLabel } from "../../components/selects.js";

interface ClientValues {
  name: string;
  tradeName: string;
  document: string;
  emails: string[];
  phone: string;
  defaultAccountantId: string | null;
  taxRegime: TaxRegime | null;
  uf: string | null;
  cityIbgeCode: string;
  cityName: string;
  active: boolean;
}

const regimeOptions = TAX_REGIMES.map((r) => ({ value: r, label: TAX_REGIME_LABELS[r] }));
const ufOptions = UFS.map((uf) => ({ value: uf, label: uf }));

const dash = <Typography.Text type="secondary">—</Typography.Text>;

const emailsRule = {
  validator: async (_rule: unknown, value: unknown) => {
    const list = Array.isArray(value) ? (value as string[]) : [];
    if (list.length > 10) throw new Error("Informe no máximo 10 e-mails");
    const bad = list.find((e) => !emailSchema.safeParse(e).success);
    if (bad) throw new Error(`E-mail inválido: ${bad}`);
  },
};

/** the municipality's IBGE code starts with its UF's code (the same rule as the API's) */
const ibgeMatchesUf = ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
  validator: async (_rule: unknown, value: unknown) => {
    const code = typeof value === "string" ? value.trim() : "";
    if (!/^\d{7}$/.test(code)) return;
    const uf = getFieldValue("uf");
    if (typeof uf !== "string" || !uf) throw new Error("Informe a UF do município");
    if (code.slice(0, 2) !== UF_IBGE[uf])
      throw new Error(
        `O código IBGE não é de um município de ${uf} (os de ${uf} começam com ${UF_IBGE[uf]})`,
      );
  },
});

const config: CrudConfig<ClientDto, ClientValues, ClientInput> = {
  resource: "/api/clients",
  queryKey: "clients",
  title: "Clientes",
  noun: "Cliente",
  headerExtra: (
    <Link to="/clientes/importar">
      <Button icon={<UploadOutlined aria-hidden />}>Importar</Button>
    </Link>
  ),
  searchPlaceholder: "Buscar por nome, nome fantasia, CNPJ/CPF ou e-mail",
  displayName: (c) => c.name,
  modalWidth: 720,
  scrollX: 1080,
  actionsWidth: 180,
  columns: [
    {
      title: "Nome / Razão social",
      dataIndex: "name",
      width: 200,
      render: (_, c) => (
        <div style={{ display: "flex", flexDirection: "column", minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: c.name }}>{c.name}</Typography.Text>
          {c.tradeName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {c.tradeName}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: "CNPJ / CPF",
      dataIndex: "document",
      width: 150,
      render: (v: string) => <span style={{ whiteSpace: "nowrap" }}>{formatDocument(v)}</span>,
    },
    {
      title: "Contato",
      dataIndex: "emails",
      width: 180,
      render: (_, c) => (
        <div style={{ display: "flex", flexDirection: "column", minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: c.emails.join(", ") || undefined }}>
            {c.emails.length > 0 ? c.emails.join(", ") : dash}
          </Typography.Text>
          {c.failingEmails.length > 0 && (
            <Typography.Text
              type="danger"
              style={{ fontSize: 12 }}
              ellipsis={{ tooltip: c.failingEmails.map((f) => `${f.address}: ${f.reason}`).join("\n") }}
            >
              E-mail com falha: {c.failingEmails.map((f) => f.address).join(", ")}
            </Typography.Text>
          )}
          {c.phone && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {c.phone}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: "Contador padrão",
      dataIndex: "defaultAccountant",
      ellipsis: { showTitle: false },
      render: (_, c) =>
        c.defaultAccountant ? (
          <Tooltip title={accountantLabel(c.defaultAccountant)} placement="topLeft">
            {accountantLabel(c.defaultAccountant)}
          </Tooltip>
        ) : (
          dash
        ),
    },
    {
      title: "Regime / Município",
      dataIndex: "taxRegime",
      width: 160,
      render: (_, c) => {
        const city = c.cityName || c.uf ? [c.cityName, c.uf].filter(Boolean).join(" / ") : "";
        if (!c.taxRegime && !city) return dash;
        return (
          <div style={{ display: "flex", flexDirection: "column", minWidth: 0 }}>
            <Typography.Text ellipsis>{c.taxRegime ? TAX_REGIME_LABELS[c.taxRegime] : dash}</Typography.Text>
            {city && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: city }}>
                {city}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    { title: "Situação", dataIndex: "active", width: 90, render: (v: boolean) => <ActiveTag active={v} /> },
  ],
  emptyValues: {
    name: "",
    tradeName: "",
    document: "",
    emails: [],
    phone: "",
    defaultAccountantId: null,
    taxRegime: null,
    uf: null,
    cityIbgeCode: "",
    cityName: "",
    active: true,
  },
  toValues: (c) => ({
    name: c.name,
    tradeName: c.tradeName ?? "",
    document: formatDocument(c.document),
    emails: c.emails,
    phone: c.phone ?? "",
    defaultAccountantId: c.defaultAccountant?.id ?? null,
    taxRegime: c.taxRegime,
    uf: c.uf,
    cityIbgeCode: c.cityIbgeCode ?? "",
    cityName: c.cityName ?? "",
    active: c.active,
  }),
  toInput: (v) => ({
    name: v.name,
    tradeName: v.tradeName || null,
    document: normalizeDocument(v.document ?? ""),
    emails: (v.emails ?? []).map((e) => e.trim()).filter(Boolean),
    phone: v.phone || null,
    defaultAccountantId: v.defaultAccountantId ?? null,
    taxRegime: v.taxRegime ?? null,
    uf: v.uf ?? null,
    cityIbgeCode: v.cityIbgeCode || null,
    cityName: v.cityName || null,
    active: v.active,
  }),
  toggleInput: (c) => ({
    name: c.name,
    tradeName: c.tradeName,
    document: c.document,
    emails: c.emails,
    phone: c.phone,
    defaultAccountantId: c.defaultAccountant?.id ?? null,
    taxRegime: c.taxRegime,
    uf: c.uf,
    cityIbgeCode: c.cityIbgeCode,
    cityName: c.cityName,
    active: !c.active,
  }),
  schema: () => clientSchema,
  renderFields: (editing) => (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item
          label="Nome / Razão social"
          name="name"
          required
          rules={[zodRule(clientSchema.shape.name)]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="Nome fantasia" name="tradeName" rules={[zodRule(clientSchema.shape.tradeName)]}>
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          label="CNPJ ou CPF"
          name="document"
          required
          normalize={(v: string) => maskDocument(v)}
          validateFirst
          rules={[{ required: true, message: "Informe o CNPJ ou CPF" }, zodRule(clientSchema.shape.document)]}
          extra="Aceita o CNPJ alfanumérico."
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item
          label="E-mails"
          name="emails"
          rules={[emailsRule]}
          extra="Digite um e-mail e tecle Enter; informe quantos precisar. Recebem os avisos dos atendimentos."
        >
          <Select
            mode="tags"
            tokenSeparators={[",", ";", " "]}
            open={false}
            suffixIcon={null}
            placeholder="contato@empresa.com.br"
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="Telefone" name="phone" rules={[zodRule(clientSchema.shape.phone)]}>
          <Input maxLength={30} inputMode="tel" placeholder="(11) 99999-9999" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="Contador padrão" name="defaultAccountantId">
          <AccountantSelect
            allowClear
            placeholder="Selecione o contador"
            known={editing?.defaultAccountant ?? null}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="Regime tributário" name="taxRegime">
          <Select allowClear options={regimeOptions} placeholder="Selecione o regime" />
        </Form.Item>
      </Col>
      <Col xs={8} md={4}>
        <Form.Item label="UF" name="uf">
          <Select allowClear showSearch options={ufOptions} placeholder="UF" />
        </Form.Item>
      </Col>
      <Col xs={16} md={8}>
        <Form.Item
          label="Código IBGE do município"
          name="cityIbgeCode"
          dependencies={["uf"]}
          rules={[zodRule(clientSchema.shape.cityIbgeCode), ibgeMatchesUf]}
        >
          <Input maxLength={7} inputMode="numeric" placeholder="3550308" />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label="Município" name="cityName" rules={[zodRule(clientSchema.shape.cityName)]}>
          <Input maxLength={120} placeholder="São Paulo" />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label="Ativo" name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
    </Row>
  ),
};

export default function ClientsPage() {
  return <CrudPage config={config} />;
}
