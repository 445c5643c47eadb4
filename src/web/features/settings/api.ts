/** SMTP settings and the e-mail outbox (admin only). */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type {
  EmailDetailDto,
  EmailDto,
  EmailOutcome,
  EmailState,
  MailSettingsDto,
  MailSettingsInput,
  Page,
} from "../../../shared/api.js";
import { api } from "../../api/client.js";

export const mailKeys = {
  settings: ["settings", "mail"] as const,
  emails: ["emails"] as const,
  list: (q: EmailListParams) => ["emails", "list", q] as const,
  detail: (id: string) => ["emails", "detail", id] as const,
};

export interface EmailListParams {
  page: number;
  pageSize: number;
  state?: EmailState;
}

/** States that are still moving: the list looks again in a few seconds. */
const MOVING: ReadonlySet<EmailState> = new Set(["queued", "sending", "retrying"]);

export function useMailSettings() {
  return useQuery({
    queryKey: mailKeys.settings,
    queryFn: ({ signal }) => api.get<MailSettingsDto>("/api/settings/mail", { signal }),
    staleTime: 60_000,
  });
}

export function useEmailList(q: EmailListParams) {
  return useQuery({
    queryKey: mailKeys.list(q),
    queryFn: ({ signal }) => api.get<Page<EmailDto>>("/api/emails", { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((e) => MOVING.has(e.state)) ? 5000 : false),
  });
}

export function useEmail(id: string | null) {
  return useQuery({
    queryKey: mailKeys.detail(id ?? ""),
    queryFn: ({ signal }) =>
      api.get<EmailDetailDto>(`/api/emails/${encodeURIComponent(id ?? "")}`, { signal }),
    enabled: Boolean(id),
  });
}

export const mailApi = {
  saveSettings: (input: MailSettingsInput) => api.put<MailSettingsDto>("/api/settings/mail", input),
  sendTest: (to: string) => api.post<EmailOutcome>("/api/settings/mail/test", { to }),
  resend: (id: string) => api.post<EmailOutcome>(`/api/emails/${encodeURIComponent(id)}/resend`, {}),
};
