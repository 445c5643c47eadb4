import { DeleteOutlined, DownloadOutlined, LinkOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  List,
  Modal,
  Popconfirm,
  Segmented,
  Space,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import {
  INBOUND_STATUS_LABELS,
  type InboundEmailDto,
  type InboundStatus,
  inboundOriginalPath,
} from "../../../shared/inbound.js";
import { errorMessage } from "../../api/client.js";
import { formatBytes, formatDateTime } from "../../components/format.js";
import { PageHeader } from "../../components/PageHeader.js";
import { RefreshButton } from "../../components/RefreshButton.js";
import { ClientSelect } from "../../components/selects.js";
import { inboundApi, inboundKeys, useInboundList } from "./api.js";

const STATUS_COLORS: Record<InboundStatus, string> = {
  matched: "green",
  created: "blue",
  triage: "gold",
  too_large: "red",
  linked: "cyan",
  discarded: "default",
  ignored: "default",
  bounce: "volcano",
};

/** Caixa de entrada: e-mails that no atendimento claimed (triage) and, on request, every e-mail read. */
export default function InboxPage() {
  const [params, setParams] = useSearchParams();
  const view = params.get("ver") === "todos" ? "all" : "pending";
  const [page, setPage] = useState(1);
  const list = useInboundList({ page, pageSize: 20, view });
  const [linking, setLinking] = useState<InboundEmailDto | null>(null);

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <PageHeader
        title="Caixa de entrada"
        breadcrumb="Movimentação"
        extra={<RefreshButton onClick={() => void list.refetch()} loading={list.isFetching} />}
      />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        E-mails recebidos que não são resposta a um atendimento e não vieram de um endereço cadastrado.
        Vincule cada um a um cliente (vira um atendimento Aberto, com os anexos) ou descarte.
      </Typography.Paragraph>
      <Segmented
        value={view}
        onChange={(v) => {
          setPage(1);
          setParams(v === "all" ? { ver: "todos" } : {});
        }}
        options={[
          { value: "pending", label: "Aguardando triagem" },
          { value: "all", label: "Todos os recebidos" },
        ]}
      />
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Card styles={{ body: { padding: 0 } }}>
        <List<InboundEmailDto>
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{
            emptyText: (
              <Empty
                description={
                  view === "pending" ? "Nenhum e-mail aguardando triagem" : "Nenhum e-mail recebido"
                }
              />
            ),
          }}
          pagination={
            (list.data?.total ?? 0) > 20
              ? { current: page, pageSize: 20, total: list.data?.total, onChange: setPage, align: "center" }
              : false
          }
          renderItem={(e) => <InboundItem e={e} onLink={() => setLinking(e)} />}
        />
      </Card>
      <LinkModal email={linking} onClose={() => setLinking(null)} />
    </Space>
  );
}

function InboundItem({ e, onLink }: { e: InboundEmailDto; onLink: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const who = e.from.name ? `${e.from.name} <${e.from.address}>` : e.from.address || "(sem remetente)";
  async function discard() {
    setBusy(true);
    try {
      await inboundApi.discard(e.id);
      message.success("E-mail descartado");
      await queryClient.invalidateQueries({ queryKey: inboundKeys.all });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <List.Item style={{ padding: "12px 16px", display: "block" }}>
      <Flex justify="space-between" gap={8} wrap align="flex-start">
        <div style={{ minWidth: 0, flex: "1 1 320px" }}>
          <Space size={8} wrap>
            <Tag color={STATUS_COLORS[e.status]}>{INBOUND_STATUS_LABELS[e.status]}</Tag>
            <Typography.Text strong>{e.subject || "(sem assunto)"}</Typography.Text>
          </Space>
          <div>
            <Typography.Text type="secondary">
              {who} · {formatDateTime(e.receivedAt)} · {formatBytes(e.sizeBytes)}
            </Typography.Text>
          </div>
          {e.text && (
            <Typography.Paragraph
              ellipsis={{ rows: 2, expandable: true, symbol: "mais" }}
              style={{ margin: "6px 0 0", whiteSpace: "pre-line" }}
            >
              {e.text}
            </Typography.Paragraph>
          )}
          {e.status === "too_large" && (
            <Typography.Paragraph type="secondary" style={{ margin: "6px 0 0", fontSize: 12 }}>
              {e.headers.map(([k, v]) => `${k}: ${v}`).join(" · ")}
            </Typography.Paragraph>
          )}
          {e.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.note}
            </Typography.Text>
          )}
          {(e.ticket || e.client) && (
            <div>
              {e.ticket && (
                <Link to={`/atendimentos?q=${encodeURIComponent(e.ticket.protocol)}`}>
                  Atendimento {e.ticket.protocol}
                </Link>
              )}
              {e.client && <Typography.Text type="secondary"> · {e.client.name}</Typography.Text>}
            </div>
          )}
        </div>
        <Space wrap>
          {e.hasOriginal && (
            <Button icon={<DownloadOutlined aria-hidden />} href={inboundOriginalPath(e.id)} download>
              Original
            </Button>
          )}
          {e.canLink && (
            <>
              <Button type="primary" icon={<LinkOutlined aria-hidden />} onClick={onLink} disabled={busy}>
                Vincular a cliente
              </Button>
              <Popconfirm
                title="Descartar este e-mail?"
                okText="Descartar"
                cancelText="Cancelar"
                onConfirm={discard}
              >
                <Button danger icon={<DeleteOutlined aria-hidden />} loading={busy}>
                  Descartar
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
      </Flex>
    </List.Item>
  );
}

function LinkModal({ email, onClose }: { email: InboundEmailDto | null; onClose: () => void }) {
  const [form] = Form.useForm<{ clientId: string | null }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit({ clientId }: { clientId: string | null }) {
    if (!email) return;
    if (!clientId) {
      form.setFields([{ name: "clientId", errors: ["Escolha o cliente."] }]);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await inboundApi.link(email.id, clientId);
      message.success("Atendimento aberto para o cliente");
      await queryClient.invalidateQueries({ queryKey: inboundKeys.all });
      form.resetFields();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal
      open={email !== null}
      title="Vincular e-mail a um cliente"
      okText="Abrir atendimento"
      cancelText="Cancelar"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        “{email?.subject || "(sem assunto)"}” de {email?.from.address} vira um atendimento Aberto do cliente
        escolhido, com o texto e os anexos do e-mail.
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="inbound-link"
        onFinish={submit}
        initialValues={{ clientId: null }}
      >
        <Form.Item label="Cliente" name="clientId" required>
          <ClientSelect placeholder="Busque pelo nome ou CNPJ" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
