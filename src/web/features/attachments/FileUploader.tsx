import {
  CheckCircleFilled,
  CloseOutlined,
  InboxOutlined,
  PaperClipOutlined,
  RedoOutlined,
} from "@ant-design/icons";
import { Alert, Button, Flex, Progress, Tooltip, Typography, Upload } from "antd";
import type { UploadLimits } from "../../../shared/api.js";
import { formatBytes } from "../../components/format.js";
import { limitsText } from "./api.js";
import type { UploadItem, UploadQueue } from "./useUploadQueue.js";

interface Props {
  queue: UploadQueue;
  limits: UploadLimits | undefined;
  /** why files cannot be added now (closed atendimento); the drop zone is disabled */
  disabledReason?: string | null;
  /** the form is saving: no changes to the list */
  busy?: boolean;
  /** text under each waiting file (e.g. "Será enviado ao salvar") */
  pendingHint?: string;
}

/** Drag-and-drop (or click to browse) with the limits shown before sending, and one row per file. */
export function FileUploader({ queue, limits, disabledReason, busy, pendingHint }: Props) {
  const disabled = Boolean(disabledReason) || busy;
  return (
    <Flex vertical gap={12}>
      {disabledReason && <Alert type="info" showIcon title={disabledReason} />}
      <Upload.Dragger
        multiple
        disabled={disabled}
        showUploadList={false}
        aria-label="Anexar arquivos: arraste os arquivos ou clique para procurar"
        beforeUpload={(file, batch) => {
          // called once per file with the whole batch: add the batch once, at its first file
          if (file === batch[0]) queue.add(batch);
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p className="ant-upload-text">Arraste os arquivos para cá ou clique para procurar</p>
        <p className="ant-upload-hint" data-testid="upload-limits">
          {limits ? `${limitsText(limits)}.` : "Carregando limites de envio…"} Programas e scripts não são
          aceitos.
        </p>
      </Upload.Dragger>
      {queue.items.length > 0 && (
        <ul aria-label="Arquivos a enviar" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {queue.items.map((item) => (
            <UploadRow
              key={item.uid}
              item={item}
              busy={busy}
              pendingHint={pendingHint}
              onRemove={() => queue.remove(item.uid)}
              onRetry={() => queue.retry(item.uid)}
              canRetry={!item.refused && !disabled}
            />
          ))}
        </ul>
      )}
    </Flex>
  );
}

interface RowProps {
  item: UploadItem;
  busy?: boolean;
  pendingHint?: string;
  canRetry: boolean;
  onRemove: () => void;
  onRetry: () => void;
}

const STATUS_TEXT: Record<UploadItem["status"], string> = {
  pending: "Aguardando envio",
  uploading: "Enviando…",
  done: "Enviado",
  error: "Não enviado",
};

function UploadRow({ item, busy, pendingHint, canRetry, onRemove, onRetry }: RowProps) {
  const { file, status } = item;
  const error = status === "error";
  return (
    <li
      aria-label={file.name}
      style={{
        padding: "8px 12px",
        borderRadius: 6,
        border: `1px solid ${error ? "#ffccc7" : "#f0f0f0"}`,
        background: error ? "#fff2f0" : "#fafafa",
        marginBottom: 8,
      }}
    >
      <Flex align="center" gap={8}>
        {status === "done" ? (
          <CheckCircleFilled style={{ color: "#52c41a" }} aria-hidden />
        ) : (
          <PaperClipOutlined aria-hidden />
        )}
        <Typography.Text ellipsis={{ tooltip: file.name }} style={{ flex: 1, minWidth: 0 }}>
          {file.name}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
          {formatBytes(file.size)}
        </Typography.Text>
        {error && canRetry && (
          <Tooltip title="Tentar novamente">
            <Button
              size="small"
              type="text"
              icon={<RedoOutlined aria-hidden />}
              aria-label={`Enviar novamente ${file.name}`}
              onClick={onRetry}
            />
          </Tooltip>
        )}
        {status !== "done" && (
          <Tooltip title={status === "uploading" ? "Cancelar envio" : "Retirar da lista"}>
            <Button
              size="small"
              type="text"
              icon={<CloseOutlined aria-hidden />}
              aria-label={`Retirar ${file.name}`}
              disabled={busy && status === "pending"}
              onClick={onRemove}
            />
          </Tooltip>
        )}
      </Flex>
      {(status === "uploading" || status === "done") && (
        <Progress
          percent={item.percent}
          size="small"
          status={status === "done" ? "success" : "active"}
          aria-label={`Progresso do envio de ${file.name}`}
          style={{ margin: "4px 0 0" }}
        />
      )}
      <Typography.Text
        type={error ? "danger" : "secondary"}
        style={{ fontSize: 12, display: "block" }}
        role={error ? "alert" : undefined}
      >
        {error ? item.error : status === "pending" && pendingHint ? pendingHint : STATUS_TEXT[status]}
      </Typography.Text>
    </li>
  );
}
