import { CheckOutlined, EyeOutlined, LockOutlined, PaperClipOutlined, SendOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Checkbox, Empty, Flex, Input, Skeleton, Tag, Tooltip, Typography } from "antd";
import { type DragEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { MessageDto } from "../../../shared/api.js";
import { inboundOriginalPath } from "../../../shared/inbound.js";
import { errorMessage } from "../../api/client.js";
import { formatDateTime } from "../../components/format.js";
import { useSocketState, useTicketChannel } from "../../realtime/hooks.js";
import { useRefreshAttachments } from "../attachments/api.js";
import { uploadChatFiles } from "../attachments/upload.js";
import { chatApi, chatKeys, mergeMessages, useMessages } from "./api.js";
import { Linkified } from "./Linkified.js";

type Side = MessageDto["author"]["side"];

interface Props {
  ticketId: string;
  /** the side of the person using the screen */
  side: Side;
  /** the Chat tab is the one shown (messages that arrive are then read) */
  active: boolean;
  /** why files cannot be sent now (closed atendimento) */
  uploadDisabledReason?: string | null;
}

function viewersText(viewers: { id: string; name: string }[]): string | null {
  if (viewers.length === 0) return null;
  const names = viewers.map((v) => v.name);
  if (names.length === 1) return `${names[0]} está vendo este atendimento`;
  return `${names.slice(0, -1).join(", ")} e ${names[names.length - 1]} estão vendo este atendimento`;
}

/** The conversation of an atendimento between the office and the client's users. */
export function ChatPanel({ ticketId, side, active, uploadDisabledReason }: Props) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = chatKeys.messages(ticketId);
  const messages = useMessages(ticketId);
  const list = messages.data;
  const [viewers, setViewers] = useState<{ id: string; name: string }[]>([]);
  const [body, setBody] = useState("");
  const [internal, setInternal] = useState(false);
  const [sending, setSending] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const refreshAttachments = useRefreshAttachments();
  const socketState = useSocketState();
  const activeRef = useRef(active);
  activeRef.current = active;
  /** the latest "read up to" of each side: a read may arrive before the message it covers */
  const readUpTo = useRef<Record<Side, number>>({ office: 0, client: 0 });
  const withReads = useCallback(
    (m: MessageDto): MessageDto =>
      !m.read && Date.parse(m.createdAt) <= readUpTo.current[m.author.side === "office" ? "client" : "office"]
        ? { ...m, read: true }
        : m,
    [],
  );

  const addMessages = useCallback(
    (incoming: MessageDto[]) => {
      const had = queryClient.getQueryData<MessageDto[]>(key);
      if (!had) {
        // the first load is still on its way: load again so that it includes these
        void queryClient.refetchQueries({ queryKey: key });
        return;
      }
      queryClient.setQueryData<MessageDto[]>(key, (old) => mergeMessages(old ?? [], incoming.map(withReads)));
    },
    [queryClient, key, withReads],
  );

  const markRead = useCallback(() => {
    chatApi.markRead(ticketId).catch(() => undefined);
  }, [ticketId]);

  const lastSeen = list && list.length > 0 ? list[list.length - 1]?.createdAt : undefined;
  useTicketChannel(
    ticketId,
    {
      message: (e) => {
        addMessages([e.message]);
        if (e.message.author.side !== side && activeRef.current && document.visibilityState === "visible") {
          markRead();
        }
      },
      read: (e) => {
        readUpTo.current[e.side] = Math.max(readUpTo.current[e.side], Date.parse(e.at));
        queryClient.setQueryData<MessageDto[]>(key, (old) => old?.map(withReads));
      },
      presence: (e) => setViewers(e.viewers),
    },
    lastSeen,
  );

  // opening the chat reads what the other side sent
  const hasUnread = Boolean(list?.some((m) => m.author.side !== side && !m.read));
  useEffect(() => {
    if (active && hasUnread) markRead();
  }, [active, hasUnread, markRead]);

  // newest at the bottom: follow new messages
  const count = list?.length ?? 0;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && active && count >= 0) el.scrollTop = el.scrollHeight;
  }, [count, active]);

  async function send() {
    const text = body.trim();
    if (!text || sending) return;
    setSending(true);
    try {
      const m = await chatApi.send(ticketId, { body: text, internal: side === "office" && internal });
      addMessages([m]);
      setBody("");
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSending(false);
    }
  }

  async function sendFiles(files: File[]) {
    if (files.length === 0) return;
    if (uploadDisabledReason) {
      message.warning(uploadDisabledReason);
      return;
    }
    for (const file of files) {
      setUploading(file.name);
      try {
        // the files and their chat message are stored together by the server
        const sent = await uploadChatFiles({ ticketId, files: [file] });
        addMessages([sent.message]);
      } catch (e) {
        message.error(`${file.name}: ${errorMessage(e)}`);
      }
    }
    setUploading(null);
    await refreshAttachments(ticketId);
  }

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes("Files");
  const presence = viewersText(viewers);

  return (
    <Flex
      vertical
      gap={8}
      style={{ height: "min(62vh, 620px)", minHeight: 360, position: "relative" }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        void sendFiles(Array.from(e.dataTransfer.files));
      }}
      data-testid="chat"
    >
      <Flex justify="space-between" align="center" style={{ minHeight: 24 }}>
        <Typography.Text type="secondary" role="status" aria-live="polite" data-testid="presence">
          {presence && (
            <>
              <EyeOutlined aria-hidden /> {presence}
            </>
          )}
        </Typography.Text>
        {socketState !== "open" && socketState !== "idle" && (
          <Tag color="orange">{socketState === "connecting" ? "Conectando…" : "Reconectando…"}</Tag>
        )}
      </Flex>
      <div
        ref={scrollRef}
        role="log"
        aria-label="Mensagens"
        style={{
          flex: 1,
          overflowY: "auto",
          background: "#f5f7fa",
          border: "1px solid #f0f0f0",
          borderRadius: 8,
          padding: 12,
        }}
      >
        {messages.isError ? (
          <Alert type="error" showIcon title={errorMessage(messages.error)} />
        ) : !list ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : list.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="Nenhuma mensagem ainda. Escreva abaixo para iniciar a conversa."
          />
        ) : (
          <Flex vertical gap={10}>
            {list.map((m) => (
              <Bubble key={m.id} m={m} mine={m.author.side === side} showOriginal={side === "office"} />
            ))}
          </Flex>
        )}
      </div>
      {dragging && (
        <div
          aria-hidden
          style={{
            position: "absolute",
            inset: 0,
            background: "rgba(22,104,220,.08)",
            border: "2px dashed #1668dc",
            borderRadius: 8,
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
            pointerEvents: "none",
            fontSize: 16,
            color: "#1668dc",
            zIndex: 2,
          }}
        >
          Solte os arquivos para enviá-los ao atendimento
        </div>
      )}
      {uploading && (
        <Typography.Text type="secondary" role="status">
          Enviando {uploading}…
        </Typography.Text>
      )}
      <Flex gap={8} align="flex-end">
        <Input.TextArea
          aria-label="Mensagem"
          placeholder="Escreva uma mensagem (Enter envia, Shift+Enter quebra a linha)"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={5000}
          style={internal ? { background: "#fffbe6" } : undefined}
        />
        <Flex vertical gap={6}>
          <Tooltip title={uploadDisabledReason ?? "Enviar arquivos (ou arraste-os para o chat)"}>
            <Button
              aria-label="Enviar arquivos"
              icon={<PaperClipOutlined aria-hidden />}
              disabled={Boolean(uploadDisabledReason) || Boolean(uploading)}
              onClick={() => fileRef.current?.click()}
            />
          </Tooltip>
          <Button
            type="primary"
            icon={<SendOutlined aria-hidden />}
            loading={sending}
            disabled={!body.trim()}
            onClick={() => void send()}
          >
            Enviar
          </Button>
        </Flex>
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = "";
            void sendFiles(files);
          }}
        />
      </Flex>
      {side === "office" && (
        <Checkbox checked={internal} onChange={(e) => setInternal(e.target.checked)}>
          Nota interna (só a equipe vê)
        </Checkbox>
      )}
    </Flex>
  );
}

function Bubble({ m, mine, showOriginal }: { m: MessageDto; mine: boolean; showOriginal: boolean }) {
  const background = m.internal ? "#fffbe6" : mine ? "#e6f4ff" : "#fff";
  const border = m.internal ? "#ffe58f" : mine ? "#bae0ff" : "#f0f0f0";
  return (
    <div
      data-testid="chat-message"
      data-internal={m.internal ? "true" : undefined}
      style={{ alignSelf: mine ? "flex-end" : "flex-start", maxWidth: "78%" }}
    >
      <div
        style={{
          background,
          border: `1px solid ${border}`,
          borderRadius: 10,
          padding: "8px 12px",
          boxShadow: "0 1px 2px rgba(0,0,0,.04)",
        }}
      >
        <Flex gap={8} align="baseline" wrap>
          <Typography.Text strong style={{ fontSize: 13 }}>
            {m.author.name}
          </Typography.Text>
          {m.internal && (
            <Tag icon={<LockOutlined aria-hidden />} color="gold" style={{ marginInlineEnd: 0 }}>
              Nota interna
            </Tag>
          )}
          {m.inboundEmailId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              por e-mail
              {!mine && m.author.side === "client" && showOriginal && (
                <>
                  {" · "}
                  <a href={inboundOriginalPath(m.inboundEmailId)} download>
                    ver original
                  </a>
                </>
              )}
            </Typography.Text>
          )}
        </Flex>
        <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", marginTop: 2 }}>
          <Linkified text={m.body} />
        </div>
        <Flex justify="flex-end" gap={6} style={{ marginTop: 4, fontSize: 12, color: "rgba(0,0,0,.65)" }}>
          <span>{formatDateTime(m.createdAt)}</span>
          {mine && !m.internal && (
            <span
              title={m.read ? "Lida" : "Enviada"}
              data-testid="read-state"
              style={{ color: m.read ? "#0958d9" : undefined }}
            >
              <CheckOutlined aria-hidden />
              {m.read && <CheckOutlined aria-hidden style={{ marginInlineStart: -6 }} />}{" "}
              {m.read ? "lida" : "enviada"}
            </span>
          )}
        </Flex>
      </div>
    </div>
  );
}
