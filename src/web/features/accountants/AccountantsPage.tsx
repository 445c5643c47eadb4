import { Col, Form, Input, Row, Switch, Typography } from "antd";
import { type AccountantDto, type AccountantInput, accountantSchema } from "../../../shared/api.js";
import { formatCPF, maskCPF, normalizeDocument } from "../../../shared/documents.js";
import { type CrudConfig, CrudPage } from "../../components/crud/CrudPage.js";
import { zodRule } from "../../components/formErrors.js";
import { ActiveTag } from "../../components/StatusTag.js";

interface AccountantValues {
  name: string;
  crc: string;
  cpf: string;
  email: string;
  phone: string;
  active: boolean;
}

const config: CrudConfig<AccountantDto, AccountantValues, AccountantInput> = {
  resource: "/api/accountants",
  queryKey: "accountants",
  // clients show their default accountant
  invalidates: ["clients"],
  title: "Contadores",
  noun: "Contador",
  searchPlaceholder: "Buscar por nome, CRC, CPF ou e-mail",
  displayName: (a) => a.name,
  columns: [
    { title: "Nome", dataIndex: "name", ellipsis: true },
    { title: "CRC", dataIndex: "crc", width: 150 },
    {
      title: "CPF",
      dataIndex: "cpf",
      width: 150,
      render: (v: string) => <span style={{ whiteSpace: "nowrap" }}>{formatCPF(v)}</span>,
    },
    { title: "E-mail", dataIndex: "email", ellipsis: true },
    {
      title: "Telefone",
      dataIndex: "phone",
      width: 150,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    { title: "Situação", dataIndex: "active", width: 100, render: (v: boolean) => <ActiveTag active={v} /> },
  ],
  emptyValues: { name: "", crc: "", cpf: "", email: "", phone: "", active: true },
  toValues: (a) => ({
    name: a.name,
    crc: a.crc,
    cpf: formatCPF(a.cpf),
    email: a.email,
    phone: a.phone ?? "",
    active: a.active,
  }),
  toInput: (v) => ({
    name: v.name,
    crc: v.crc,
    cpf: normalizeDocument(v.cpf ?? ""),
    email: v.email,
    phone: v.phone || null,
    active: v.active,
  }),
  toggleInput: (a) => ({
    name: a.name,
    crc: a.crc,
    cpf: a.cpf,
    email: a.email,
    phone: a.phone,
    active: !a.active,
  }),
  schema: () => accountantSchema,
  renderFields: () => (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item label="Nome" name="name" required rules={[zodRule(accountantSchema.shape.name)]}>
          <Input maxLength={120} autoFocus />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          label="CRC"
          name="crc"
          required
          normalize={(v: string) => v.toUpperCase()}
          rules={[zodRule(accountantSchema.shape.crc)]}
        >
          <Input maxLength={30} placeholder="SP-123456/O-1" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          label="CPF"
          name="cpf"
          required
          normalize={(v: string) => maskCPF(v)}
          validateFirst
          rules={[{ required: true, message: "Informe o CPF" }, zodRule(accountantSchema.shape.cpf)]}
        >
          <Input maxLength={14} inputMode="numeric" autoComplete="off" placeholder="000.000.000-00" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="E-mail" name="email" required rules={[zodRule(accountantSchema.shape.email)]}>
          <Input maxLength={254} inputMode="email" autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="Telefone" name="phone" rules={[zodRule(accountantSchema.shape.phone)]}>
          <Input maxLength={30} inputMode="tel" placeholder="(11) 99999-9999" />
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

export default function AccountantsPage() {
  return <CrudPage config={config} />;
}
