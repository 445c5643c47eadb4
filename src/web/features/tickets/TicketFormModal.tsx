import { ReloadOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Col,
  ConfigProvider,
  Flex,
  Form,
  Input,
  Modal,
  Row,
  Spin,
  Tabs,
  type TabsProps,
  Typography,
} from "antd";
import { useEffect, useState } from "react";
import {
  type TicketDetail,
  type TicketInput,
  ticketInputSchema,
  ticketUpdateSchema,
} from "../../../shared/api.js";
import { formatCentsPlain, parseBRL } from "../../../shared/money.js";
import { ApiError, errorMessage } from "../../api/client.js";
import { showFormError, validateWithSchema, zodRule } from "../../components/formErrors.js";
import { MoneyInput, moneyRule } from "../../components/MoneyInput.js";
import { confirmIcon } from "../../components/quietIcons.js";
import { AccountantSelect, ClientSelect, ServiceSelect, UserSelect } from "../../components/selects.js";
import { AttachmentList } from "../attachments/AttachmentList.js";
import { useRefreshAttachments, useUploadLimits } from "../attachments/api.js";
import { FileUploader } from "../attachments/FileUploader.js";
import { useUploadQueue } from "../attachments/useUploadQueue.js";
import { ticketApi, ticketKeys, useTicket } from "./api.js";

export type TicketFormTarget = { mode: "create" } | { mode: "edit"; id: string };

interface TicketFormValues {
  requesterId: string | null;
  serviceId: string | null;
  accountantId: string | null;
  assigneeId: string | null;
  subject: string;
  description: string;
  amount: string;
}

type Named = { id: string; name: string };
type AccountantRef = { id: string; name: string; crc: string };

const EMPTY: TicketFormValues = {
  requesterId: null,
  serviceId: null,
  accountantId: null,
  assigneeId: null,
  subject: "",
  description: "",
  amount: "",
};

/** API field → form field */
const RENAME = { amountCents: "amount" };

function toValues(t: TicketDetail): TicketFormValues {
  return {
    requesterId: t.requester.id,
    serviceId: t.service?.id ?? null,
    accountantId: t.accountant?.id ?? null,
    assigneeId: t.assignee?.id ?? null,
    subject: t.subject,
    description: t.description,
    amount: formatCentsPlain(t.amountCents),
  };
}

function toInput(v: TicketFormValues): TicketInput {
  return {
    requesterId: v.requesterId ?? "",
    serviceId: v.serviceId ?? "",
    accountantId: v.accountantId ?? null,
    assigneeId: v.assigneeId ?? "",
    subject: v.subject ?? "",
    description: v.description ?? "",
    amountCents: parseBRL(v.amount ?? "") ?? Number.NaN,
  };
}

interface Props {
  target: TicketFormTarget;
  /** called after the closing animation: the parent unmounts the modal */
  onClosed: () => void;
}

export function TicketFormModal({ target, onClosed }: Props) {
  const [form] = Form.useForm<TicketFormValues>();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const editId = target.mode === "edit" ? target.id : null;
  const detail = useTicket(editId);

  const [open, setOpen] = useState(true);
  const [saving, setSaving] = useState(false);
  const [base, setBase] = useState<TicketDetail | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [accountant, setAccountant] = useState<AccountantRef | null>(null);
  const [known, setKnown] = useState<{ requester?: Named; service?: Named; assignee?: Named | null }>({});
  const [tab, setTab] = useState("atendimento");
  // a new atendimento whose files did not all arrive: it exists now, the modal stays to show why
  const [created, setCreated] = useState<TicketDetail | null>(null);

  // editing: files go at once; adding: they wait for the new atendimento's id
  const limits = useUploadLimits();
  const refreshAttachments = useRefreshAttachments();
  const queue = useUploadQueue({
    limits: limits.data,
    ticketId: editId ?? created?.id ?? null,
    onUploaded: (id) => refreshAttachments(id),
    clearDone: editId !== null,
  });

  // fill the form once with the loaded atendimento; later background refetches never overwrite edits
  function load(t: TicketDetail) {
    setBase(t);
    setAccountant(t.accountant);
    setKnown({ requester: t.requester, service: t.service ?? undefined, assignee: t.assignee });
    form.setFieldsValue(toValues(t));
    form.setFields(
      (Object.keys(EMPTY) as (keyof TicketFormValues)[]).map((name) => ({
        name,
        errors: [],
        touched: false,
      })),
    );
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: load runs once, on the first arrival
  useEffect(() => {
    if (detail.data && !base) load(detail.data);
  }, [detail.data, base]);

  async function reload() {
    const fresh = await detail.refetch();
    if (fresh.data) {
      load(fresh.data);
      setConflict(null);
      setFormError(null);
      message.info("Dados recarregados com a versão atual do atendimento.");
    } else if (fresh.error) {
      message.error(errorMessage(fresh.error));
    }
  }

  async function save(values: TicketFormValues) {
    setFormError(null);
    const input = toInput(values);
    const schema = base ? ticketUpdateSchema : ticketInputSchema;
    const body = base ? { ...input, version: base.version } : input;
    if (!validateWithSchema(form, schema, body, RENAME)) {
      setTab("atendimento");
      return;
    }
    setSaving(true);
    try {
      if (base && editId) {
        const saved = await ticketApi.update(editId, { ...input, version: base.version });
        await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
        message.success(`Atendimento ${saved?.protocol ?? base.protocol} salvo`);
        setOpen(false);
        return;
      }
      const saved = await ticketApi.create(input);
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      if (queue.pendingCount === 0) {
        message.success(`Atendimento ${saved.protocol} criado`);
        setOpen(false);
        return;
      }
      // the atendimento exists now: its files go to its id
      setCreated(saved);
      const sent = await queue.uploadAll(saved.id);
      if (sent.failed === 0) {
        message.success(
          `Atendimento ${saved.protocol} criado com ${sent.done} ${sent.done === 1 ? "arquivo anexado" : "arquivos anexados"}`,
        );
        setOpen(false);
      } else {
        message.warning(`Atendimento ${saved.protocol} criado, mas nem todos os arquivos foram anexados`);
        setTab("arquivos");
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === "stale_version") {
        setConflict(e.message);
      } else {
        setTab("atendimento");
        showFormError(form, e, setFormError, RENAME);
      }
    } finally {
      setSaving(false);
    }
  }

  function cancel() {
    if (created) {
      setOpen(false);
      return;
    }
    const pendingFiles = queue.pendingCount > 0;
    if ((!form.isFieldsTouched() && !pendingFiles && !queue.uploading) || saving) {
      setOpen(false);
      return;
    }
    modal.confirm({
      icon: confirmIcon,
      title: queue.uploading ? "Cancelar o envio dos arquivos?" : "Descartar alterações?",
      content: queue.uploading
        ? "Há arquivos sendo enviados. Ao fechar, o envio é interrompido."
        : "As alterações feitas neste atendimento não foram salvas.",
      okText: queue.uploading ? "Fechar" : "Descartar",
      okButtonProps: { danger: true },
      cancelText: "Continuar editando",
      onOk: () => setOpen(false),
    });
  }

  const loading = editId !== null && !base;
  const title = editId
    ? base
      ? `Editar atendimento ${base.protocol}`
      : "Editar atendimento"
    : created
      ? `Atendimento ${created.protocol}`
      : "Novo atendimento";
  const attachedTo = editId ?? created?.id ?? null;

  const fields = (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item
          label="Solicitante"
          name="requesterId"
          required
          rules={[{ required: true, message: "Selecione o solicitante" }]}
        >
          <ClientSelect
            placeholder="Busque o cliente pelo nome"
            known={known.requester}
            onClientChange={(client) => {
              const acc = client?.defaultAccountant ?? null;
              form.setFieldValue("accountantId", acc?.id ?? null);
              setAccountant(acc);
            }}
          />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item
          label="Serviço"
          name="serviceId"
          required
          rules={[{ required: true, message: "Selecione o serviço" }]}
        >
          <ServiceSelect
            activeOnly
            placeholder="Selecione o serviço"
            known={known.service}
            onServiceChange={(service) => {
              if (!service) return;
              form.setFieldValue("amount", formatCentsPlain(service.priceCents));
              form.validateFields(["amount"]).catch(() => undefined);
            }}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="Contador" name="accountantId">
          <AccountantSelect
            allowClear
            placeholder="Selecione o contador"
            known={accountant}
            onAccountantChange={(a) => setAccountant(a ? { id: a.id, name: a.name, crc: a.crc } : null)}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item label="Nome" htmlFor="ticket-accountant-name" tooltip="Preenchido com o nome do contador">
          <Input
            id="ticket-accountant-name"
            readOnly
            value={accountant?.name ?? ""}
            placeholder="—"
            tabIndex={-1}
          />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item
          label="Responsável"
          name="assigneeId"
          required
          rules={[{ required: true, message: "Selecione o responsável" }]}
        >
          <UserSelect placeholder="Usuário que executará o serviço" known={known.assignee ?? null} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label="Assunto" name="subject" required rules={[zodRule(ticketInputSchema.shape.subject)]}>
          <Input maxLength={200} showCount />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item
          label="Descrição"
          name="description"
          rules={[zodRule(ticketInputSchema.shape.description)]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={10_000} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          label="Valor do Serviço"
          name="amount"
          required
          rules={[moneyRule(ticketInputSchema.shape.amountCents)]}
          extra="Trazido do cadastro do serviço; pode ser alterado."
        >
          <MoneyInput />
        </Form.Item>
      </Col>
    </Row>
  );

  // the form is disabled once a new atendimento exists, its files are not: they may still be sent
  const files = (
    <ConfigProvider componentDisabled={false}>
      <Flex vertical gap={16}>
        <FileUploader
          queue={queue}
          limits={limits.data}
          busy={saving}
          pendingHint={attachedTo ? undefined : "Será enviado ao salvar o atendimento"}
        />
        {attachedTo && (
          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              Arquivos anexados
            </Typography.Title>
            <AttachmentList ticketId={attachedTo} />
          </div>
        )}
      </Flex>
    </ConfigProvider>
  );

  const waiting = queue.pendingCount;
  const tabs: TabsProps["items"] = [
    { key: "atendimento", label: "Atendimento", children: fields, forceRender: true },
    {
      key: "arquivos",
      label: waiting > 0 ? `Anexar Arquivos (${waiting})` : "Anexar Arquivos",
      children: files,
      forceRender: true,
    },
  ];

  const footer = created
    ? [
        <Button key="close" type="primary" onClick={() => setOpen(false)} disabled={queue.uploading}>
          Fechar
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={cancel}>
          Cancelar
        </Button>,
        <Button
          key="save"
          type="primary"
          loading={saving}
          // editing: the files go on their own; wait for them so closing does not cut them off
          disabled={loading || conflict !== null || (editId !== null && queue.uploading)}
          onClick={() => form.submit()}
        >
          Salvar
        </Button>,
      ];

  return (
    <Modal
      open={open}
      title={title}
      width={720}
      onCancel={cancel}
      afterClose={onClosed}
      // the dialog focuses its close button on open: start where the form starts, at Solicitante
      afterOpenChange={(opened) => {
        if (opened) document.getElementById("ticket_requesterId")?.focus();
      }}
      mask={{ closable: false }}
      destroyOnHidden
      footer={footer}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title="Conflito de edição"
          description={conflict}
          style={{ marginBottom: 16 }}
          action={
            <Button
              size="small"
              icon={<ReloadOutlined aria-hidden />}
              onClick={reload}
              loading={detail.isFetching}
            >
              Recarregar dados
            </Button>
          }
        />
      )}
      {created && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={`Atendimento ${created.protocol} criado, mas nem todos os arquivos foram anexados`}
          description="Veja o motivo ao lado de cada arquivo. Você pode enviá-lo novamente, anexar outros ou fechar."
          style={{ marginBottom: 16 }}
        />
      )}
      {formError && (
        <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 16 }} closable />
      )}
      {detail.isError && !base ? (
        <Alert type="error" showIcon title={errorMessage(detail.error)} />
      ) : (
        <Spin spinning={loading} description="Carregando atendimento…">
          <Form<TicketFormValues>
            form={form}
            layout="vertical"
            initialValues={EMPTY}
            onFinish={save}
            scrollToFirstError
            name="ticket"
            disabled={saving || created !== null}
          >
            <Tabs activeKey={tab} onChange={setTab} items={tabs} />
          </Form>
        </Spin>
      )}
    </Modal>
  );
}
