import { DeleteOutlined, SaveOutlined } from "@ant-design/icons";
import { Button, Flex, Input, Popover, Tabs } from "antd";
import { useState } from "react";
import { builtInViews, NO_FILTERS, sameFilters, useSavedViews, type ViewFilters } from "./savedViews.js";
import type { FilterPatch, TicketFilters } from "./useTicketFilters.js";

interface Props {
  userId: string;
  filters: TicketFilters;
  onChange: (patch: FilterPatch) => void;
  /** on a phone: the save button shows only its icon */
  compact?: boolean;
}

/** Tabs above the grid: the built-in views, the user's saved ones, and "Salvar visão" for the current filters. */
export function ViewTabs({ userId, filters, onChange, compact = false }: Props) {
  const saved = useSavedViews(userId);
  const views = [...builtInViews(userId), ...saved.views];
  const active = views.find((v) => sameFilters(v.filters, filters));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");

  const apply = (f: ViewFilters) => onChange({ ...NO_FILTERS, ...f, status: [...f.status] });
  const save = () => {
    if (!name.trim()) return;
    saved.add(name, filters);
    setName("");
    setNaming(false);
  };

  const saveForm = (
    <Flex gap={8}>
      <Input
        aria-label="Nome da visão"
        placeholder="Ex.: IRPF em análise"
        maxLength={40}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onPressEnter={save}
        autoFocus
      />
      <Button type="primary" onClick={save} disabled={!name.trim()}>
        Salvar
      </Button>
    </Flex>
  );

  // the save and delete controls sit beside the tab list, not in it: a tablist may hold only tabs
  return (
    <Flex align="center" gap={8} style={{ width: "100%", minWidth: 0 }}>
      <Tabs
        type="card"
        size="small"
        // "" when the filters match no view: no tab is selected
        activeKey={active?.id ?? ""}
        onChange={(id) => {
          const view = views.find((v) => v.id === id);
          if (view) apply(view.filters);
        }}
        items={views.map((v) => ({ key: v.id, label: v.name }))}
        locale={{ dropdownAriaLabel: "Mais visões" }}
        tabBarStyle={{ marginBottom: 0 }}
        style={{ flex: 1, minWidth: 0 }}
        aria-label="Visões salvas"
      />
      {active && !active.builtIn && (
        <Button
          size="small"
          icon={<DeleteOutlined aria-hidden />}
          onClick={() => saved.remove(active.id)}
          aria-label="Excluir visão"
        >
          {compact ? null : "Excluir visão"}
        </Button>
      )}
      <Popover
        title="Salvar os filtros atuais como visão"
        content={saveForm}
        trigger="click"
        open={naming}
        onOpenChange={setNaming}
        destroyOnHidden
      >
        <Button
          size="small"
          icon={<SaveOutlined aria-hidden />}
          disabled={Boolean(active)}
          aria-label={compact ? "Salvar visão" : undefined}
        >
          {compact ? null : "Salvar visão"}
        </Button>
      </Popover>
    </Flex>
  );
}
