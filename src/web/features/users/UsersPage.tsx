import { MailOutlined, SafetyOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Col,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useMemo, useRef, useState } from "react";
import {
  type EmailOutcome,
  type Option,
  ROLE_LABELS,
  ROLES,
  type UserCreateInput,
  type UserDto,
  type UserUpdateInput,
  userCreateSchema,
  userUpdateSchema,
} from "../../../shared/api.js";
import { api, errorMessage } from "../../api/client.js";
import { useClientSearch } from "../../api/options.js";
import { type CrudConfig, CrudPage } from "../../components/crud/CrudPage.js";
import { formatDate, formatShortDate } from "../../components/format.js";
import { zodRule } from "../../components/formErrors.js";
import { passwordIcon } from "../../components/quietIcons.js";
import { ActiveTag } from "../../components/StatusTag.js";
import { useDebouncedValue } from "../../components/useDebouncedValue.js";

interface UserValues {
  name: string;
  email: string;
  role: UserDto["role"];
  password: string;
  active: boolean;
  /** client users: the companies they talk for */
  clientIds: string[];
}

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`;

/** Searchable multi-select of the office's active clients. */
function ClientMultiSelect({
  value,
  onChange,
  known,
  id,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  known: Option[];
  id?: string;
}) {
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const results = useClientSearch(q);
  const labels = useRef(new Map<string, string>(known.map((c) => [c.id, c.name])));
  for (const c of results.data ?? []) labels.current.set(c.id, c.name);
  const selected = value ?? [];
  const options = useMemo(() => {
    const list = (results.data ?? []).map((c) => ({ value: c.id, label: c.name }));
    for (const idSel of selected) {
      if (!list.some((o) => o.value === idSel))
        list.unshift({ value: idSel, label: labels.current.get(idSel) ?? "…" });
    }
    return list;
  }, [results.data, selected]);
  return (
    <Select
      id={id}
      mode="multiple"
      value={selected}
      options={options}
      placeholder="Busque e selecione os clientes"
      loading={results.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={results.isFetching ? "Buscando…" : "Nenhum cliente encontrado"}
      onChange={(ids: string[]) => {
        setSearch("");
        onChange?.(ids);
      }}
    />
  );
}

function InviteButton({ user, refresh }: { user: UserDto; refresh: () => Promise<void> }) {
  const { message } = App.useApp();
  const [sending, setSending] = useState(false);
  if (!user.active) return null;
  return (
    <Tooltip title="Envia por e-mail o link para a pessoa criar a própria senha">
      <Button
        type="link"
        size="small"
        icon={<MailOutlined aria-hidden />}
        loading={sending}
        onClick={async () => {
          setSending(true);
          try {
            const res = await api.post<EmailOutcome>(`${userPath(user.id)}/invite`);
            if (res.ok) message.success(res.message, 6);
            else if (res.state === "retrying" || res.state === "queued") message.warning(res.message, 8);
            else message.error(res.message, 8);
            await refresh();
          } catch (e) {
            message.error(errorMessage(e));
          } finally {
            setSending(false);
          }
        }}
      >
        Enviar convite
      </Button>
    </Tooltip>
  );
}

/** For a person who lost the phone and the recovery codes: 2FA off, their sessions end. */
function ResetTwoFactorButton({ user, refresh }: { user: UserDto; refresh: () => Promise<void> }) {
  const { message } = App.useApp();
  return (
    <Popconfirm
      title={`Desativar a verificação em duas etapas de ${user.name}?`}
      description="As sessões da pessoa serão encerradas; ela poderá ativá-la de novo ao entrar."
      okText="Desativar"
      cancelText="Cancelar"
      onConfirm={async () => {
        try {
          await api.post(`${userPath(user.id)}/2fa/reset`);
          message.success("Verificação em duas etapas desativada.");
          await refresh();
        } catch (e) {
          message.error(errorMessage(e));
        }
      }}
    >
      {/* an icon, so the actions column keeps its width at 1366 px; the name is in the tooltip and the label */}
      <Tooltip title="Redefinir verificação em duas etapas">
        <Button
          type="link"
          size="small"
          icon={<SafetyOutlined aria-hidden />}
          aria-label={`Redefinir verificação em duas etapas de ${user.name}`}
        />
      </Tooltip>
    </Popconfirm>
  );
}

const config: CrudConfig<UserDto, UserValues, UserCreateInput | UserUpdateInput> = {
  resource: "/api/users",
  queryKey: "users",
  title: "Usuários",
  noun: "Usuário",
  searchPlaceholder: "Buscar por nome ou e-mail",
  displayName: (u) => u.name,
  modalWidth: 720,
  actionsWidth: 340,
  scrollX: 1080,
  columns: [
    {
      title: "Nome",
      dataIndex: "name",
      ellipsis: true,
      render: (v: string, u) => (
        <div style={{ display: "flex", alignItems: "center", gap: 6, minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text>
          {!u.hasPassword && (
            <Tooltip title="Ainda não criou a senha: envie um convite">
              <Tag color="orange">Sem senha</Tag>
            </Tooltip>
          )}
          {u.twoFactorEnabled && (
            <Tooltip title="Verificação em duas etapas ativa">
              <Tag color="green">2FA</Tag>
            </Tooltip>
          )}
        </div>
      ),
    },
    {
      title: "E-mail",
      dataIndex: "email",
      ellipsis: { showTitle: false },
      render: (v: string) => (
        <Tooltip title={v} placement="topLeft">
          {v}
        </Tooltip>
      ),
    },
    {
      title: "Perfil",
      dataIndex: "role",
      width: 150,
      ellipsis: true,
      render: (v: UserDto["role"]) => ROLE_LABELS[v],
    },
    {
      title: "Clientes",
      key: "clients",
      ellipsis: { showTitle: false },
      render: (_: unknown, u) => {
        if (u.role !== "client") return "";
        const names = u.clients.map((c) => c.name).join(", ");
        return names ? (
          <Tooltip title={names} placement="topLeft">
            {names}
          </Tooltip>
        ) : (
          "—"
        );
      },
    },
    {
      title: "Criado em",
      dataIndex: "createdAt",
      width: 92,
      render: (v: string) => (
        <span title={formatDate(v)} style={{ whiteSpace: "nowrap" }}>
          {formatShortDate(v)}
        </span>
      ),
    },
    { title: "Situação", dataIndex: "active", width: 92, render: (v: boolean) => <ActiveTag active={v} /> },
  ],
  emptyValues: { name: "", email: "", role: "staff", password: "", active: true, clientIds: [] },
  toValues: (u) => ({
    name: u.name,
    email: u.email,
    role: u.role,
    password: "",
    active: u.active,
    clientIds: u.clients.map((c) => c.id),
  }),
  toInput: (v, editing) =>
    editing
      ? {
          name: v.name,
          email: v.email,
          role: v.role,
          active: v.active,
          ...(v.password ? { password: v.password } : {}),
        }
      : {
          name: v.name,
          email: v.email,
          role: v.role,
          active: v.active,
          ...(v.password ? { password: v.password } : {}),
        },
  toggleInput: (u) => ({ name: u.name, email: u.email, role: u.role, active: !u.active }),
  schema: (editing) => (editing ? userUpdateSchema : userCreateSchema),
  afterSave: async (saved, values, editing) => {
    const wasLinked = (editing?.clients.length ?? 0) > 0;
    if (values.role !== "client" && !wasLinked) return;
    await api.put<unknown>(`${userPath(saved.id)}/clients`, {
      clientIds: values.role === "client" ? values.clientIds : [],
    });
  },
  extraActions: (u, refresh) => (
    <>
      <InviteButton user={u} refresh={refresh} />
      {u.twoFactorEnabled && <ResetTwoFactorButton user={u} refresh={refresh} />}
    </>
  ),
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
      <Form.Item noStyle shouldUpdate={(a: UserValues, b: UserValues) => a.role !== b.role}>
        {({ getFieldValue }) =>
          getFieldValue("role") === "client" ? (
            <Col span={24}>
              <Form.Item
                label="Clientes vinculados"
                name="clientIds"
                extra="As empresas pelas quais esta pessoa conversa e abre solicitações no portal."
              >
                <ClientMultiSelect known={editing?.clients ?? []} />
              </Form.Item>
            </Col>
          ) : null
        }
      </Form.Item>
      <Col xs={24} md={12}>
        {editing ? (
          <Form.Item
            label="Senha"
            name="password"
            extra="Deixe em branco para manter a senha atual."
            rules={[zodRule(userUpdateSchema.shape.password)]}
          >
            <Input.Password
              iconRender={passwordIcon}
              autoComplete="new-password"
              placeholder="deixe em branco para manter"
            />
          </Form.Item>
        ) : (
          <Form.Item
            label="Senha"
            name="password"
            extra="Deixe em branco e use Enviar convite: a pessoa cria a própria senha pelo link do e-mail."
            rules={[zodRule(userCreateSchema.shape.password)]}
          >
            <Input.Password iconRender={passwordIcon} autoComplete="new-password" />
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
