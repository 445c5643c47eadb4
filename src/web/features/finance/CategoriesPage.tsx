/** Financeiro › Categorias: the office's debt categories (Honorários, Serviço avulso…), a simple cadastro. */
import { Col, Form, Input, Row, Switch } from "antd";
import { type DebtCategoryDto, type DebtCategoryInput, debtCategorySchema } from "../../../shared/api.js";
import { type CrudConfig, CrudPage } from "../../components/crud/CrudPage.js";
import { zodRule } from "../../components/formErrors.js";
import { ActiveTag } from "../../components/StatusTag.js";

interface CategoryValues {
  name: string;
  active: boolean;
}

const config: CrudConfig<DebtCategoryDto, CategoryValues, DebtCategoryInput> = {
  resource: "/api/finance/categories",
  queryKey: "debtCategories",
  title: "Categorias",
  breadcrumb: "Financeiro",
  noun: "Categoria",
  feminine: true,
  searchPlaceholder: "Buscar categoria pelo nome",
  displayName: (c) => c.name,
  columns: [
    { title: "Nome", dataIndex: "name", ellipsis: true },
    { title: "Situação", dataIndex: "active", width: 110, render: (v: boolean) => <ActiveTag active={v} /> },
  ],
  emptyValues: { name: "", active: true },
  toValues: (c) => ({ name: c.name, active: c.active }),
  toInput: (v) => ({ name: v.name, active: v.active }),
  toggleInput: (c) => ({ name: c.name, active: !c.active }),
  schema: () => debtCategorySchema,
  modalWidth: 520,
  scrollX: 600,
  renderFields: () => (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item label="Nome" name="name" required rules={[zodRule(debtCategorySchema.shape.name)]}>
          <Input maxLength={80} autoFocus />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item
          label="Ativa"
          name="active"
          valuePropName="checked"
          extra="Categorias inativas deixam de ser oferecidas ao Movimentar um atendimento."
        >
          <Switch />
        </Form.Item>
      </Col>
    </Row>
  ),
};

export default function CategoriesPage() {
  return <CrudPage config={config} />;
}
