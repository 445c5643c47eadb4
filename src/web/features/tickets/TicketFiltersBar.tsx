import { ClearOutlined } from "@ant-design/icons";
import { Button, DatePicker, Flex, Select } from "antd";
import dayjs from "dayjs";
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
}

export function TicketFiltersBar({ filters, onChange, onClear, hasFilters }: Props) {
  return (
    <Flex wrap gap={8} align="center" role="search" aria-label="Filtros de atendimentos">
      <SearchBox
        value={filters.q}
        onSearch={(q) => onChange({ q })}
        placeholder="Buscar por assunto, descrição, solicitante ou protocolo"
        width={380}
      />
      <Select<TicketStatus[]>
        aria-label="Filtrar por status"
        mode="multiple"
        allowClear
        placeholder="Status"
        maxTagCount="responsive"
        options={statusOptions}
        value={filters.status}
        onChange={(status) => onChange({ status })}
        style={{ width: 240 }}
      />
      <UserSelect
        aria-label="Filtrar por responsável"
        placeholder="Responsável"
        allowClear
        value={filters.assigneeId}
        onChange={(assigneeId) => onChange({ assigneeId })}
        style={{ width: 180 }}
      />
      <ClientSelect
        aria-label="Filtrar por solicitante"
        placeholder="Solicitante"
        allowClear
        value={filters.requesterId}
        onChange={(requesterId) => onChange({ requesterId })}
        style={{ width: 220 }}
      />
      <ServiceSelect
        aria-label="Filtrar por serviço"
        placeholder="Serviço"
        allowClear
        value={filters.serviceId}
        onChange={(serviceId) => onChange({ serviceId })}
        style={{ width: 180 }}
      />
      <DatePicker.RangePicker
        aria-label="Filtrar por data de abertura"
        format="DD/MM/YYYY"
        placeholder={["Aberto de", "até"]}
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
