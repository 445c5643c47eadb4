/** Small pieces shared by the finance pages and the portal: status tag, PIX code, reason dialog. */
import { CopyOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Form, Input, Modal, Skeleton, Tag, Typography } from "antd";
import { useState } from "react";
import { type EmailOutcome, reasonSchema } from "../../../shared/api.js";
import { DEBT_STATUS_INFO, type DebtStatus } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { errorMessage } from "../../api/client.js";
import { showFormError, zodRule } from "../../components/formErrors.js";
import { usePix } from "./api.js";

export function DebtStatusTag({ status }: { status: DebtStatus }) {
  const info = DEBT_STATUS_INFO[status];
  return (
    <Tag color={info.color} style={{ marginInlineEnd: 0 }}>
      {info.label}
    </Tag>
  );
}

/** "parcela 2/3", or null for a debt of one installment */
export function installmentText(d: { installmentNumber: number; installmentCount: number }): string | null {
  return d.installmentCount > 1 ? `parcela ${d.installmentNumber}/${d.installmentCount}` : null;
}

/** The description with its installment, as one line: "Honorários de março (parcela 1/2)". */
export function debtTitle(d: { description: string; installmentNumber: number; installmentCount: number }) {
  const part = installmentText(d);
  return part ? `${d.description} (${part})` : d.description;
}

/** The second message of a cobrança, as for a status change: what happened to the e-mail. */
export function useShowEmailOutcome() {
  const { message } = App.useApp();
  return (email: EmailOutcome) => {
    if (email.ok) message.success(email.message, 5);
    else if (email.state === "retrying") message.warning(email.message, 8);
    else message.error(email.message, 8);
  };
}

async function copyText(text: string, fallbackFrom: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // no clipboard permission (plain http, an embedded browser): select the text and copy it
    if (!fallbackFrom) return false;
    fallbackFrom.focus();
    fallbackFrom.select();
    return document.execCommand("copy");
  }
}

/** The PIX copia e cola of a debt: QR code, the text with a copy button, amount and receiver. */
export function PixCode({ debtId, compact }: { debtId: string; compact?: boolean }) {
  const { message } = App.useApp();
  const pix = usePix(debtId);
  const [area, setArea] = useState<HTMLTextAreaElement | null>(null);
  if (pix.isError) return <Alert type="warning" showIcon title={errorMessage(pix.error)} />;
  if (!pix.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  const p = pix.data;
  return (
    <Flex gap={16} wrap align="flex-start" data-testid="pix-code">
      <img
        src={p.qrCodeDataUrl}
        alt="QR code PIX"
        width={compact ? 168 : 200}
        height={compact ? 168 : 200}
        style={{ border: "1px solid #f0f0f0", borderRadius: 8, flex: "none", imageRendering: "pixelated" }}
      />
      <Flex vertical gap={8} style={{ flex: "1 1 260px", minWidth: 0 }}>
        <Typography.Text>
          Valor: <Typography.Text strong>{formatCents(p.amountCents)}</Typography.Text>
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Recebedor: {p.receiverName} — {p.receiverCity}
        </Typography.Text>
        <label htmlFor={`pix-${debtId}`} style={{ fontWeight: 500 }}>
          PIX copia e cola
        </label>
        <Input.TextArea
          id={`pix-${debtId}`}
          ref={(r) => setArea(r?.resizableTextArea?.textArea ?? null)}
          readOnly
          value={p.payload}
          autoSize={{ minRows: 3, maxRows: 6 }}
          style={{
            fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace",
            fontSize: 12,
            wordBreak: "break-all",
          }}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="pix-payload"
        />
        <div>
          <Button
            icon={<CopyOutlined aria-hidden />}
            onClick={async () => {
              if (await copyText(p.payload, area)) message.success("Código PIX copiado");
              else message.error("Não foi possível copiar: selecione o texto e copie manualmente.");
            }}
          >
            Copiar código
          </Button>
        </div>
      </Flex>
    </Flex>
  );
}

interface ReasonModalProps {
  title: string;
  description?: string;
  okText: string;
  danger?: boolean;
  /** throws an ApiError to show it in the dialog */
  onSubmit: (reason: string) => Promise<void>;
  onClosed: () => void;
}

/** Cancelar a debt, Estornar a payment: a required reason, sent with the action. */
export function ReasonModal({ title, description, okText, danger, onSubmit, onClosed }: ReasonModalProps) {
  const [form] = Form.useForm<{ reason: string }>();
  const [open, setOpen] = useState(true);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save({ reason }: { reason: string }) {
    setError(null);
    setSaving(true);
    try {
      await onSubmit(reason.trim());
      setOpen(false);
    } catch (e) {
      showFormError(form, e, setError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      onCancel={() => setOpen(false)}
      afterClose={onClosed}
      okText={okText}
      okButtonProps={{ danger }}
      cancelText="Voltar"
      confirmLoading={saving}
      onOk={() => form.submit()}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {description && <Typography.Paragraph type="secondary">{description}</Typography.Paragraph>}
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ reason: "" }} onFinish={save} disabled={saving}>
        <Form.Item label="Motivo" name="reason" required rules={[zodRule(reasonSchema.shape.reason)]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
