import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Pagination,
  Select,
  Skeleton,
  Space,
  Table,
  Typography,
} from "antd";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { type PortalTicket, portalTicketCreateSchema } from "../../../shared/api.js";
import { formatDateTime } from "../../components/format.js";
import { showFormError, zodRule } from "../../components/formErrors.js";
import { PageHeader } from "../../components/PageHeader.js";
import { StatusTag } from "../../components/StatusTag.js";
import { portalApi, portalKeys, useCompanyParam, usePortalCompanies, usePortalTickets } from "./api.js";

/** /portal: the atendimentos of the client user's companies. */
export default function PortalTicketsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [empresa] = useCompanyParam();
  const companies = usePortalCompanies();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const pageSize = 20;
  const list = usePortalTickets({ clientId: empresa ?? undefined, page, pageSize });
  const [creating, setCreating] = useState(false);
  const many = (companies.data?.length ?? 0) > 1;
  const suffix = empresa ? `?empresa=${encodeURIComponent(empresa)}` : "";
  const hrefOf = (id: string) => `/portal/atendimentos/${encodeURIComponent(id)}${suffix}`;
  const open = (id: string) => navigate(hrefOf(id));
  // phone first: below md (768px) a list of cards, each one link; from md up the table
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const emptyText = "Nenhum atendimento. Use Nova solicitação para pedir algo ao escritório.";
  const setPage = (p: number) =>
    setParams((prev) => {
      const out = new URLSearchParams(prev);
      if (p > 1) out.set("page", String(p));
      else out.delete("page");
      return out;
    });

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <PageHeader
        title="Meus atendimentos"
        breadcrumb="Portal do cliente"
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            Nova solicitação
          </Button>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        {list.isError && (
          <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />
        )}
        {phone ? (
          <TicketCards
            items={list.data?.items}
            loading={list.isPending}
            many={many}
            hrefOf={hrefOf}
            emptyText={emptyText}
            page={page}
            pageSize={pageSize}
            total={list.data?.total ?? 0}
            onPage={setPage}
          />
        ) : (
          <Table<PortalTicket>
            rowKey="id"
            size="middle"
            dataSource={list.data?.items ?? []}
            loading={list.isPending}
            scroll={{ x: 760 }}
            locale={{ emptyText }}
            onRow={(t) => ({ onClick: () => open(t.id), style: { cursor: "pointer" } })}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total, [from, to]) => `${from}–${to} de ${total}`,
              onChange: setPage,
            }}
            columns={[
              {
                title: "Protocolo",
                dataIndex: "protocol",
                width: 130,
                // a real link: reachable with Tab, opens with Enter, in a new tab with a middle click
                render: (v: string, t) => (
                  <Link to={hrefOf(t.id)} onClick={(e) => e.stopPropagation()}>
                    {v}
                  </Link>
                ),
              },
              ...(many
                ? [
                    {
                      title: "Empresa",
                      key: "client",
                      ellipsis: true,
                      render: (_: unknown, t: PortalTicket) => t.client.name,
                    },
                  ]
                : []),
              { title: "Assunto", dataIndex: "subject", ellipsis: true },
              {
                title: "Status",
                dataIndex: "status",
                width: 130,
                render: (_: unknown, t) => <StatusTag status={t.status} />,
              },
              {
                title: "Atualizado",
                dataIndex: "updatedAt",
                width: 150,
                render: (v: string) => formatDateTime(v),
              },
              {
                title: "Mensagens",
                key: "unread",
                width: 120,
                render: (_: unknown, t) =>
                  t.unreadMessages > 0 ? (
                    <Badge
                      count={t.unreadMessages}
                      title={`${t.unreadMessages} ${t.unreadMessages === 1 ? "mensagem nova" : "mensagens novas"}`}
                    />
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {creating && (
        <NewRequestModal
          defaultClientId={empresa ?? (companies.data?.length === 1 ? companies.data[0]?.id : undefined)}
          companies={companies.data ?? []}
          onClosed={() => setCreating(false)}
          onCreated={(t) => open(t.id)}
        />
      )}
    </Space>
  );
}

/** The atendimentos on a phone: one card per atendimento, the whole card a link. */
function TicketCards({
  items,
  loading,
  many,
  hrefOf,
  emptyText,
  page,
  pageSize,
  total,
  onPage,
}: {
  items: PortalTicket[] | undefined;
  loading: boolean;
  many: boolean;
  hrefOf: (id: string) => string;
  emptyText: string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (p: number) => void;
}) {
  if (loading && !items) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (!items?.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  return (
    <Flex vertical gap={12}>
      <ul className="portal-cards" aria-label="Atendimentos">
        {items.map((t) => (
          <li key={t.id}>
            <Link to={hrefOf(t.id)} className="portal-card" data-testid="portal-ticket">
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text strong style={{ color: "#1668dc" }}>
                  {t.protocol}
                </Typography.Text>
                <StatusTag status={t.status} />
              </Flex>
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: "4px 0" }}>
                {t.subject}
              </Typography.Paragraph>
              {many && (
                <Typography.Text type="secondary" ellipsis style={{ display: "block", fontSize: 12 }}>
                  {t.client.name}
                </Typography.Text>
              )}
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  Atualizado {formatDateTime(t.updatedAt)}
                </Typography.Text>
                {t.unreadMessages > 0 && (
                  <Badge
                    count={t.unreadMessages}
                    title={`${t.unreadMessages} ${t.unreadMessages === 1 ? "mensagem nova" : "mensagens novas"}`}
                  />
                )}
              </Flex>
            </Link>
          </li>
        ))}
      </ul>
      {total > pageSize && (
        <Pagination
          simple
          align="center"
          current={page}
          pageSize={pageSize}
          total={total}
          showSizeChanger={false}
          onChange={onPage}
        />
      )}
    </Flex>
  );
}

interface NewValues {
  clientId?: string;
  subject: string;
  description: string;
}

function NewRequestModal({
  defaultClientId,
  companies,
  onClosed,
  onCreated,
}: {
  defaultClientId: string | undefined;
  companies: { id: string; name: string }[];
  onClosed: () => void;
  onCreated: (t: PortalTicket) => void;
}) {
  const [form] = Form.useForm<NewValues>();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(true);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(v: NewValues) {
    setError(null);
    setSaving(true);
    try {
      const t = await portalApi.create({
        clientId: v.clientId ?? "",
        subject: v.subject,
        description: v.description ?? "",
      });
      await queryClient.invalidateQueries({ queryKey: portalKeys.all });
      setOpen(false);
      onCreated(t);
    } catch (e) {
      showFormError(form, e, setError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title="Nova solicitação"
      onCancel={() => setOpen(false)}
      afterClose={onClosed}
      okText="Enviar solicitação"
      cancelText="Cancelar"
      confirmLoading={saving}
      onOk={() => form.submit()}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<NewValues>
        form={form}
        layout="vertical"
        initialValues={{ clientId: defaultClientId, subject: "", description: "" }}
        onFinish={save}
        disabled={saving}
      >
        <Form.Item
          label="Empresa"
          name="clientId"
          required
          hidden={companies.length <= 1}
          rules={[{ required: true, message: "Selecione a empresa" }]}
        >
          <Select options={companies.map((c) => ({ value: c.id, label: c.name }))} placeholder="Selecione" />
        </Form.Item>
        <Form.Item
          label="Assunto"
          name="subject"
          required
          rules={[zodRule(portalTicketCreateSchema.shape.subject)]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item
          label="Descrição"
          name="description"
          rules={[zodRule(portalTicketCreateSchema.shape.description)]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={10_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
