import { ClearOutlined, FilterOutlined } from "@ant-design/icons";
import { Badge, Button, DatePicker, Flex, Select } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { STATUS_INFO, TICKET_STATUSES, type TicketStatus } from "../../../shared/status.js";
import { SearchBox } from "../../components/SearchBox.js";
import { ClientSelect, ServiceSelect, UserSelect } from "../../components/selects.js";
import type { FilterPatch, TicketFilters } from "./useTicketFilters.js";

const statusOptions = TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_INFO[s].label }));

interface Props {
  filters: TicketFilters;
  onChange: (patch: FilterPatch) => void;
  onClear: () => void;
  hasFilters: boolean;
  /** on a phone: the search box, and the other filters one under the other behind "Filtros" */
  compact?: boolean;
}

/** how many filters besides the search narrow the list */
function countFilters(f: TicketFilters): number {
  return [f.status.length > 0, f.assigneeId, f.requesterId, f.serviceId, f.openedFrom || f.openedTo].filter(
    Boolean,
  ).length;
}

export function TicketFiltersBar({ filters, onChange, onClear, hasFilters, compact = false }: Props) {
  const [open, setOpen] = useState(false);
  const count = countFilters(filters);
  const full = compact ? { width: "100%" } : undefined;
  const search = (
    <SearchBox
      value={filters.q}
      onSearch={(q) => onChange({ q })}
      placeholder="Buscar por assunto, descrição, solicitante ou protocolo"
      width={380}
    />
  );
  if (compact && !open) {
    return (
      <Flex gap={8} align="center" role="search" aria-label="Filtros de atendimentos">
        <div style={{ flex: 1, minWidth: 0 }}>{search}</div>
        <Badge count={count} size="small">
          <Button icon={<FilterOutlined aria-hidden />} aria-expanded={false} onClick={() => setOpen(true)}>
            Filtros
          </Button>
        </Badge>
      </Flex>
    );
  }
  return (
    <Flex
      wrap={!compact}
      vertical={compact}
      gap={8}
      align={compact ? "stretch" : "center"}
      role="search"
      aria-label="Filtros de atendimentos"
    >
      {compact ? (
        <Flex gap={8} align="center">
          <div style={{ flex: 1, minWidth: 0 }}>{search}</div>
          <Badge count={count} size="small">
            <Button icon={<FilterOutlined aria-hidden />} aria-expanded onClick={() => setOpen(false)}>
              Filtros
            </Button>
          </Badge>
        </Flex>
      ) : (
        search
      )}
      <Select<TicketStatus[]>
        aria-label="Filtrar por status"
        mode="multiple"
        allowClear
        placeholder="Status"
        maxTagCount="responsive"
        options={statusOptions}
        value={filters.status}
        onChange={(status) => onChange({ status })}
        style={full ?? { width: 240 }}
      />
      <UserSelect
        aria-label="Filtrar por responsável"
        placeholder="Responsável"
        allowClear
        value={filters.assigneeId}
        onChange={(assigneeId) => onChange({ assigneeId })}
        style={full ?? { width: 180 }}
      />
      <ClientSelect
        aria-label="Filtrar por solicitante"
        placeholder="Solicitante"
        allowClear
        value={filters.requesterId}
        onChange={(requesterId) => onChange({ requesterId })}
        style={full ?? { width: 220 }}
      />
      <ServiceSelect
        aria-label="Filtrar por serviço"
        placeholder="Serviço"
        allowClear
        value={filters.serviceId}
        onChange={(serviceId) => onChange({ serviceId })}
        style={full ?? { width: 180 }}
      />
      <DatePicker.RangePicker
        aria-label="Filtrar por data de abertura"
        format="DD/MM/YYYY"
        placeholder={["Aberto de", "até"]}
        style={full}
        allowEmpty={[true, true]}
        value={[
          filters.openedFrom ? dayjs(filters.openedFrom) : null,
          filters.openedTo ? dayjs(filters.openedTo) : null,
        ]}
        onChange={(range) =>
          onChange({
            openedFrom: range?.[0]?.format("YYYY-MM-DD") ?? null,
            openedTo: range?.[1]?.format("YYYY-MM-DD") ?? null,
          })
        }
      />
      <Button icon={<ClearOutlined aria-hidden />} onClick={onClear} disabled={!hasFilters}>
        Limpar filtros
      </Button>
    </Flex>
  );
}
