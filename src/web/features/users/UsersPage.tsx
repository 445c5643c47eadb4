import { Col, Form, Input, Row, Select, Switch } from "antd";
import {
  ROLE_LABELS,
  ROLES,
  type UserCreateInput,
  type UserDto,
  type UserUpdateInput,
  userCreateSchema,
  userUpdateSchema,
} from "../../../shared/api.js";
import { type CrudConfig, CrudPage } from "../../components/crud/CrudPage.js";
import { formatDate } from "../../components/format.js";
import { zodRule } from "../../components/formErrors.js";
import { ActiveTag } from "../../components/StatusTag.js";

interface UserValues {
  name: string;
  email: string;
  role: UserDto["role"];
  password: string;
  active: boolean;
}

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

const config: CrudConfig<UserDto, UserValues, UserCreateInput | UserUpdateInput> = {
  resource: "/api/users",
  queryKey: "users",
  title: "Usuários",
  noun: "Usuário",
  searchPlaceholder: "Buscar por nome ou e-mail",
  displayName: (u) => u.name,
  columns: [
    { title: "Nome", dataIndex: "name", ellipsis: true },
    { title: "E-mail", dataIndex: "email", ellipsis: true },
    { title: "Perfil", dataIndex: "role", width: 200, render: (v: UserDto["role"]) => ROLE_LABELS[v] },
    { title: "Criado em", dataIndex: "createdAt", width: 120, render: (v: string) => formatDate(v) },
    { title: "Situação", dataIndex: "active", width: 100, render: (v: boolean) => <ActiveTag active={v} /> },
  ],
  emptyValues: { name: "", email: "", role: "staff", password: "", active: true },
  toValues: (u) => ({ name: u.name, email: u.email, role: u.role, password: "", active: u.active }),
  toInput: (v, editing) =>
    editing
      ? {
          name: v.name,
          email: v.email,
          role: v.role,
          active: v.active,
          ...(v.password ? { password: v.password } : {}),
        }
      : { name: v.name, email: v.email, role: v.role, password: v.password, active: v.active },
  toggleInput: (u) => ({ name: u.name, email: u.email, role: u.role, active: !u.active }),
  schema: (editing) => (editing ? userUpdateSchema : userCreateSchema),
  renderFields: (editing) => (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item label="Nome" name="name" required rules={[zodRule(userCreateSchema.shape.name)]}>
          <Input maxLength={120} autoFocus />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="E-mail" name="email" required rules={[zodRule(userCreateSchema.shape.email)]}>
          <Input maxLength={254} inputMode="email" autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          label="Perfil"
          name="role"
          required
          rules={[{ required: true, message: "Selecione o perfil" }]}
        >
          <Select options={roleOptions} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        {editing ? (
          <Form.Item
            label="Senha"
            name="password"
            extra="Deixe em branco para manter a senha atual."
            rules={[zodRule(userUpdateSchema.shape.password)]}
          >
            <Input.Password autoComplete="new-password" placeholder="deixe em branco para manter" />
          </Form.Item>
        ) : (
          <Form.Item
            label="Senha"
            name="password"
            required
            extra="Pelo menos 8 caracteres."
            validateFirst
            rules={[{ required: true, message: "Informe a senha" }, zodRule(userCreateSchema.shape.password)]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="Ativo" name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
    </Row>
  ),
};

export default function UsersPage() {
  return <CrudPage config={config} />;
}
