import { UploadOutlined } from "@ant-design/icons";
import { Button, Col, Form, Input, Row, Switch } from "antd";
import { Link } from "react-router";
import { type ServiceDto, type ServiceInput, serviceSchema } from "../../../shared/api.js";
import { formatCents, formatCentsPlain, parseBRL } from "../../../shared/money.js";
import { type CrudConfig, CrudPage } from "../../components/crud/CrudPage.js";
import { zodRule } from "../../components/formErrors.js";
import { MoneyInput, moneyRule } from "../../components/MoneyInput.js";
import { ActiveTag } from "../../components/StatusTag.js";

interface ServiceValues {
  name: string;
  price: string;
  active: boolean;
}

const config: CrudConfig<ServiceDto, ServiceValues, ServiceInput> = {
  resource: "/api/services",
  queryKey: "services",
  title: "Serviços",
  noun: "Serviço",
  headerExtra: (
    <Link to="/servicos/importar">
      <Button icon={<UploadOutlined aria-hidden />}>Importar</Button>
    </Link>
  ),
  searchPlaceholder: "Buscar serviço pelo nome",
  displayName: (s) => s.name,
  columns: [
    { title: "Nome", dataIndex: "name", ellipsis: true },
    {
      title: "Preço",
      dataIndex: "priceCents",
      align: "right",
      width: 160,
      render: (v: number) => <span style={{ whiteSpace: "nowrap" }}>{formatCents(v)}</span>,
    },
    { title: "Situação", dataIndex: "active", width: 110, render: (v: boolean) => <ActiveTag active={v} /> },
  ],
  emptyValues: { name: "", price: "", active: true },
  toValues: (s) => ({ name: s.name, price: formatCentsPlain(s.priceCents), active: s.active }),
  toInput: (v) => ({ name: v.name, priceCents: parseBRL(v.price ?? "") ?? Number.NaN, active: v.active }),
  toggleInput: (s) => ({ name: s.name, priceCents: s.priceCents, active: !s.active }),
  schema: () => serviceSchema,
  rename: { priceCents: "price" },
  renderFields: () => (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item label="Nome" name="name" required rules={[zodRule(serviceSchema.shape.name)]}>
          <Input maxLength={120} autoFocus />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          label="Preço"
          name="price"
          required
          rules={[moneyRule(serviceSchema.shape.priceCents)]}
          extra="Valor sugerido ao abrir um atendimento deste serviço."
        >
          <MoneyInput />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="Ativo" name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
    </Row>
  ),
};

export default function ServicesPage() {
  return <CrudPage config={config} />;
}
