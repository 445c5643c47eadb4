/** Selects fed by the API: clients (remote search), services, accountants and users. */
import { Select, type SelectProps } from "antd";
import { useMemo, useRef, useState } from "react";
import type { AccountantDto, ClientDto, ServiceDto } from "../../shared/api.js";
import { formatDocument } from "../../shared/documents.js";
import { formatCents } from "../../shared/money.js";
import {
  useAccountantOptions,
  useClient,
  useClientSearch,
  useServiceOptions,
  useUserOptions,
} from "../api/options.js";
import { useDebouncedValue } from "./useDebouncedValue.js";

/** Lower-case without accents, so "acao" finds "Ação". */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

interface LocalOption {
  value: string;
  label: string;
  search: string;
  disabled?: boolean;
}

const localSearch: SelectProps["showSearch"] = {
  filterOption: (input, option) =>
    fold(String((option as LocalOption | undefined)?.search ?? "")).includes(fold(input)),
};

type BaseProps = Pick<SelectProps, "id" | "placeholder" | "allowClear" | "style" | "disabled" | "status"> & {
  "aria-label"?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
};

// ---------- clients ----------

export interface ClientSelectProps extends BaseProps {
  /** label of the current value when the caller already knows it (avoids a lookup) */
  known?: { id: string; name: string } | null;
  /** the full client chosen, e.g. to pre-fill its default accountant */
  onClientChange?: (client: ClientDto | null) => void;
}

export function ClientSelect({ value, onChange, onClientChange, known, ...rest }: ClientSelectProps) {
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const results = useClientSearch(q);
  const seen = useRef(new Map<string, ClientDto>());
  for (const c of results.data ?? []) seen.current.set(c.id, c);

  const current = value ?? undefined;
  const inResults = Boolean(current && results.data?.some((c) => c.id === current));
  const knownLabel = known && known.id === current ? known.name : undefined;
  const lookup = useClient(
    current,
    Boolean(current) && !inResults && !knownLabel && !seen.current.has(current ?? ""),
  );
  if (lookup.data) seen.current.set(lookup.data.id, lookup.data);

  const options = useMemo(() => {
    const list = (results.data ?? []).map((c) => ({
      value: c.id,
      label: c.tradeName ? `${c.name} (${c.tradeName})` : c.name,
      title: `${c.name} — ${formatDocument(c.document)}`,
    }));
    if (current && !list.some((o) => o.value === current)) {
      const c = seen.current.get(current);
      const label = c ? c.name : (knownLabel ?? "Carregando…");
      list.unshift({ value: current, label, title: label });
    }
    return list;
  }, [results.data, current, knownLabel]);

  return (
    <Select
      {...rest}
      value={current}
      options={options}
      loading={results.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={results.isFetching ? "Buscando…" : "Nenhum cliente encontrado"}
      onChange={(id: string | undefined) => {
        setSearch("");
        onChange?.(id ?? null);
        onClientChange?.(id ? (seen.current.get(id) ?? null) : null);
      }}
    />
  );
}

// ---------- services ----------

export interface ServiceSelectProps extends BaseProps {
  /** only active services (plus the current value) are offered, as in forms */
  activeOnly?: boolean;
  known?: { id: string; name: string } | null;
  onServiceChange?: (service: ServiceDto | null) => void;
}

export function ServiceSelect({
  value,
  onChange,
  onServiceChange,
  activeOnly,
  known,
  ...rest
}: ServiceSelectProps) {
  const services = useServiceOptions();
  const current = value ?? undefined;
  const options = useMemo(() => {
    const list: LocalOption[] = (services.data ?? [])
      .filter((s) => !activeOnly || s.active || s.id === current)
      .map((s) => ({
        value: s.id,
        label: s.active ? s.name : `${s.name} (inativo)`,
        search: s.name,
      }));
    if (current && known?.id === current && !list.some((o) => o.value === current)) {
      list.unshift({ value: current, label: known.name, search: known.name });
    }
    return list;
  }, [services.data, activeOnly, current, known]);
  const priceOf = (id: string) => services.data?.find((s) => s.id === id);

  return (
    <Select
      {...rest}
      value={current}
      options={options}
      loading={services.isPending}
      showSearch={localSearch}
      notFoundContent="Nenhum serviço encontrado"
      optionRender={(option) => {
        const s = priceOf(String(option.value));
        return (
          <span style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
            <span>{option.label}</span>
            {s && <span style={{ color: "rgba(0,0,0,.45)" }}>{formatCents(s.priceCents)}</span>}
          </span>
        );
      }}
      onChange={(id: string | undefined) => {
        onChange?.(id ?? null);
        onServiceChange?.(id ? (priceOf(id) ?? null) : null);
      }}
    />
  );
}

// ---------- accountants ----------

export function accountantLabel(a: { name: string; crc: string }): string {
  return `${a.crc} — ${a.name}`;
}

export interface AccountantSelectProps extends BaseProps {
  known?: { id: string; name: string; crc: string } | null;
  onAccountantChange?: (accountant: AccountantDto | { id: string; name: string; crc: string } | null) => void;
}

export function AccountantSelect({
  value,
  onChange,
  onAccountantChange,
  known,
  ...rest
}: AccountantSelectProps) {
  const accountants = useAccountantOptions();
  const current = value ?? undefined;
  const options = useMemo(() => {
    const list: LocalOption[] = (accountants.data ?? []).map((a) => ({
      value: a.id,
      label: accountantLabel(a),
      search: `${a.crc} ${a.name}`,
    }));
    if (current && known?.id === current && !list.some((o) => o.value === current)) {
      list.unshift({ value: current, label: accountantLabel(known), search: `${known.crc} ${known.name}` });
    }
    return list;
  }, [accountants.data, current, known]);

  return (
    <Select
      {...rest}
      value={current}
      options={options}
      loading={accountants.isPending}
      showSearch={localSearch}
      notFoundContent="Nenhum contador encontrado"
      onChange={(id: string | undefined) => {
        onChange?.(id ?? null);
        const a = id
          ? (accountants.data?.find((x) => x.id === id) ?? (known?.id === id ? known : null))
          : null;
        onAccountantChange?.(a);
      }}
    />
  );
}

// ---------- users (responsáveis) ----------

export interface UserSelectProps extends BaseProps {
  known?: { id: string; name: string } | null;
}

export function UserSelect({ value, onChange, known, ...rest }: UserSelectProps) {
  const users = useUserOptions();
  const current = value ?? undefined;
  const options = useMemo(() => {
    const list: LocalOption[] = (users.data ?? []).map((u) => ({
      value: u.id,
      label: u.name,
      search: u.name,
    }));
    if (current && known?.id === current && !list.some((o) => o.value === current)) {
      list.unshift({ value: current, label: known.name, search: known.name });
    }
    return list;
  }, [users.data, current, known]);

  return (
    <Select
      {...rest}
      value={current}
      options={options}
      loading={users.isPending}
      showSearch={localSearch}
      notFoundContent="Nenhum usuário encontrado"
      onChange={(id: string | undefined) => onChange?.(id ?? null)}
    />
  );
}
