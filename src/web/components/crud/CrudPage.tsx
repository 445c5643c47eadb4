/**
 * The shape every cadastro shares (Clientes, Serviços, Contadores, Usuários): a server-paginated
 * list with search and an Ativos/Inativos/Todos filter (kept in the URL), a create/edit modal and
 * Desativar/Reativar (a PATCH with the full object and `active` flipped).
 */
import {
  CloseCircleFilled,
  EditOutlined,
  PlusOutlined,
  SearchOutlined,
  StopOutlined,
  UndoOutlined,
} from "@ant-design/icons";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  type FormInstance,
  Grid,
  Input,
  Popconfirm,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
} from "antd";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import type { ZodType } from "zod";
import type { Page } from "../../../shared/api.js";
import { ApiError, api, errorMessage } from "../../api/client.js";
import type { FieldRename } from "../formErrors.js";
import { PageHeader } from "../PageHeader.js";
import { CrudCards } from "./CrudCards.js";
import { CrudFormModal } from "./CrudFormModal.js";

export type ActiveFilter = "true" | "false" | "all";

export interface CrudConfig<T extends { id: string; active: boolean }, V extends object, I> {
  /** API collection, e.g. "/api/clients" */
  resource: string;
  /** react-query key root; other keys to refresh after a change go in `invalidates` */
  queryKey: string;
  invalidates?: string[];
  title: string;
  breadcrumb?: string;
  /** "Cliente", "Serviço"…: used in titles and messages (masculine unless `feminine`) */
  noun: string;
  /** "Categoria": "Nova categoria", "Categoria salva" */
  feminine?: boolean;
  searchPlaceholder: string;
  columns: TableColumnsType<T>;
  emptyValues: V;
  toValues: (dto: T) => V;
  toInput: (values: V, editing: T | null) => I;
  /** the full object with `active` flipped */
  toggleInput: (dto: T) => I;
  schema: (editing: T | null) => ZodType;
  rename?: FieldRename;
  renderFields: (editing: T | null, form: FormInstance<V>) => ReactNode;
  displayName: (dto: T) => string;
  modalWidth?: number;
  /** table width before it scrolls sideways */
  scrollX?: number;
  /** after the main record was saved (e.g. links kept by another endpoint) */
  afterSave?: (saved: T, values: V, editing: T | null) => Promise<void>;
  /** more buttons in the Ações column; `refresh` reloads the list */
  extraActions?: (dto: T, refresh: () => Promise<void>) => ReactNode;
  /** width of the Ações column (190 by default) */
  actionsWidth?: number;
  /** more buttons beside "Adicionar" in the page header (e.g. "Importar") */
  headerExtra?: ReactNode;
}

const PAGE_SIZES = [10, 20, 50, 100];

function useListParams() {
  const [params, setParams] = useSearchParams();
  const activeParam = params.get("active");
  const active: ActiveFilter = activeParam === "true" || activeParam === "false" ? activeParam : "all";
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const pageSizeRaw = Number.parseInt(params.get("pageSize") ?? "20", 10);
  const pageSize = pageSizeRaw >= 1 && pageSizeRaw <= 200 ? pageSizeRaw : 20;
  const q = (params.get("q") ?? "").slice(0, 200);

  const update = useCallback(
    (patch: { q?: string; active?: ActiveFilter; page?: number; pageSize?: number }) => {
      setParams((prev) => {
        const out = new URLSearchParams(prev);
        const set = (k: string, v: string | undefined, omit: string) => {
          if (v === undefined) return;
          if (v === "" || v === omit) out.delete(k);
          else out.set(k, v);
        };
        set("q", patch.q?.trim(), "");
        set("active", patch.active, "all");
        set("pageSize", patch.pageSize?.toString(), "20");
        // a new search or filter starts at page 1
        const page = patch.page ?? (patch.q !== undefined || patch.active !== undefined ? 1 : undefined);
        set("page", page?.toString(), "1");
        return out;
      });
    },
    [setParams],
  );
  return { q, active, page, pageSize, update };
}

export function CrudPage<T extends { id: string; active: boolean }, V extends object, I>({
  config,
}: {
  config: CrudConfig<T, V, I>;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { q, active, page, pageSize, update } = useListParams();
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    if (search.trim() === q.trim()) return;
    const timer = setTimeout(() => update({ q: search }), 400);
    return () => clearTimeout(timer);
  }, [search, q, update]);

  const listQuery = { q: q || undefined, active, page, pageSize };
  const list = useQuery({
    queryKey: [config.queryKey, "list", listQuery],
    queryFn: ({ signal }) => api.get<Page<T>>(config.resource, { query: listQuery, signal }),
    placeholderData: keepPreviousData,
  });

  const [editing, setEditing] = useState<{ dto: T | null } | null>(null);
  // below md (a phone) the grid is a list of cards: a table with a pinned Ações column cannot be read
  const asCards = Grid.useBreakpoint().md === false;
  const [toggling, setToggling] = useState<string | null>(null);

  const invalidate = useCallback(async () => {
    await Promise.all(
      [config.queryKey, ...(config.invalidates ?? [])].map((key) =>
        queryClient.invalidateQueries({ queryKey: [key] }),
      ),
    );
  }, [config.queryKey, config.invalidates, queryClient]);

  const toggle = useCallback(
    async (dto: T) => {
      setToggling(dto.id);
      try {
        await api.patch<T>(`${config.resource}/${encodeURIComponent(dto.id)}`, config.toggleInput(dto));
        const o = config.feminine ? "a" : "o";
        message.success(`${config.noun} ${dto.active ? `desativad${o}` : `reativad${o}`}`);
        await invalidate();
      } catch (e) {
        const fields = e instanceof ApiError && e.fields ? Object.values(e.fields) : [];
        message.error([errorMessage(e), ...fields.filter((f) => f !== errorMessage(e))].join(" "));
      } finally {
        setToggling(null);
      }
    },
    [config, invalidate, message],
  );

  const renderActions = useCallback(
    (dto: T) => (
      <Space size={0}>
        <Button
          type="link"
          size="small"
          icon={<EditOutlined aria-hidden />}
          onClick={() => setEditing({ dto })}
        >
          Editar
        </Button>
        {config.extraActions?.(dto, invalidate)}
        {dto.active ? (
          <Popconfirm
            title={`Desativar ${config.displayName(dto)}?`}
            description="Registros inativos deixam de aparecer nas opções de novos atendimentos."
            okText="Desativar"
            okButtonProps={{ danger: true }}
            cancelText="Cancelar"
            onConfirm={() => toggle(dto)}
          >
            <Button
              type="link"
              size="small"
              danger
              icon={<StopOutlined aria-hidden />}
              loading={toggling === dto.id}
            >
              Desativar
            </Button>
          </Popconfirm>
        ) : (
          <Button
            type="link"
            size="small"
            icon={<UndoOutlined aria-hidden />}
            loading={toggling === dto.id}
            onClick={() => toggle(dto)}
          >
            Reativar
          </Button>
        )}
      </Space>
    ),
    [config, toggle, toggling, invalidate],
  );

  const columns = useMemo<TableColumnsType<T>>(
    () => [
      ...config.columns,
      {
        title: "Ações",
        key: "actions",
        width: config.actionsWidth ?? 190,
        fixed: "right",
        render: (_, dto) => renderActions(dto),
      },
    ],
    [config.columns, config.actionsWidth, renderActions],
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <PageHeader
        title={config.title}
        breadcrumb={config.breadcrumb ?? "Cadastros"}
        extra={
          <>
            {config.headerExtra}
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => setEditing({ dto: null })}
            >
              Adicionar
            </Button>
          </>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <Flex wrap gap={8} align="center" role="search">
            <Input.Search
              aria-label="Buscar"
              enterButton={<Button aria-label="Pesquisar" icon={<SearchOutlined aria-hidden />} />}
              placeholder={config.searchPlaceholder}
              allowClear={{ clearIcon: <CloseCircleFilled aria-label="Limpar" /> }}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(value) => update({ q: value })}
              style={{ width: 360, maxWidth: "100%" }}
            />
            <Segmented<ActiveFilter>
              aria-label="Situação"
              value={active}
              onChange={(value) => update({ active: value })}
              options={[
                { value: "true", label: "Ativos" },
                { value: "false", label: "Inativos" },
                { value: "all", label: "Todos" },
              ]}
            />
          </Flex>
          {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
          {asCards ? (
            <CrudCards<T>
              title={config.title}
              noun={config.noun}
              columns={config.columns}
              items={list.data?.items ?? []}
              loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
              displayName={config.displayName}
              actions={renderActions}
              page={page}
              pageSize={pageSize}
              total={list.data?.total ?? 0}
              onPage={(next, size) => update({ page: size === pageSize ? next : 1, pageSize: size })}
            />
          ) : (
            <Table<T>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
              scroll={{ x: config.scrollX ?? 900 }}
              locale={{ emptyText: "Nenhum registro encontrado" }}
              onChange={(pagination) =>
                update({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? pageSize })
              }
              pagination={{
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: PAGE_SIZES,
                showTotal: (total, [from, to]) => `${from}–${to} de ${total}`,
              }}
            />
          )}
        </Space>
      </Card>
      {editing && (
        <CrudFormModal
          config={config}
          editing={editing.dto}
          onSaved={invalidate}
          onClosed={() => setEditing(null)}
        />
      )}
    </Space>
  );
}
