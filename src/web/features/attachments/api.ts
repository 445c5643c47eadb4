/** Files of an atendimento: the list, the upload limits and removal. Uploads are in upload.ts. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { AttachmentDto, UploadLimits } from "../../../shared/api.js";
import { api } from "../../api/client.js";
import { ticketKeys } from "../tickets/api.js";

export const attachmentKeys = {
  // under "tickets", so refreshing the atendimentos refreshes their files too
  list: (ticketId: string) => ["tickets", "attachments", ticketId] as const,
  limits: ["config", "limits"] as const,
};

export function useUploadLimits() {
  return useQuery({
    queryKey: attachmentKeys.limits,
    queryFn: ({ signal }) => api.get<UploadLimits>("/api/config/limits", { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useTicketAttachments(ticketId: string | null, enabled = true) {
  return useQuery({
    queryKey: attachmentKeys.list(ticketId ?? ""),
    queryFn: ({ signal }) =>
      api.get<AttachmentDto[]>(`/api/tickets/${encodeURIComponent(ticketId ?? "")}/attachments`, { signal }),
    enabled: Boolean(ticketId) && enabled,
  });
}

export const attachmentApi = {
  remove: (id: string) => api.delete<void>(`/api/attachments/${encodeURIComponent(id)}`),
};

/** Refreshes what a new or removed file changes: the file list and the history. */
export function useRefreshAttachments() {
  const queryClient = useQueryClient();
  return useCallback(
    (ticketId: string) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: attachmentKeys.list(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.history(ticketId) }),
      ]),
    [queryClient],
  );
}

const MB = 1024 * 1024;
const mbFormat = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 });

/** A byte limit as the server words it: 26214400 → "25 MB". */
export function formatLimit(bytes: number): string {
  return `${mbFormat.format(bytes / MB)} MB`;
}

/** "Até 10 arquivos por envio, 25 MB por arquivo" */
export function limitsText(l: UploadLimits): string {
  const files = l.maxFilesPerRequest === 1 ? "1 arquivo" : `${l.maxFilesPerRequest} arquivos`;
  return `Até ${files} por envio, ${formatLimit(l.maxFileBytes)} por arquivo`;
}
