import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Grid, Space } from "antd";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TicketRow, TicketWithEmail } from "../../../shared/api.js";
import { STATUS_INFO, type TicketStatus } from "../../../shared/status.js";
import { ApiError, errorMessage } from "../../api/client.js";
import { ExportButton } from "../../components/ExportButton.js";
import { PageHeader } from "../../components/PageHeader.js";
import { RefreshButton } from "../../components/RefreshButton.js";
import { whenIdle } from "../../components/whenIdle.js";
import { useMe } from "../auth/AuthContext.js";
import { loadReceivablesPage } from "../finance/loadPages.js";
import { OnboardingChecklist } from "../signup/OnboardingChecklist.js";
import { ticketApi, ticketKeys, useTicketList } from "./api.js";
import { BulkBar } from "./BulkBar.js";
import { ColumnsButton } from "./ColumnsButton.js";
import { useColumnPrefs } from "./columnPrefs.js";
import { followEmailOutcome } from "./emailOutcome.js";
import type { RowHandlers } from "./RowActions.js";
import { useBulkSelection } from "./selection.js";
import { TicketCards } from "./TicketCards.js";
import { TicketDrawer } from "./TicketDrawer.js";
import { TicketFiltersBar } from "./TicketFiltersBar.js";
import type { TicketFormTarget } from "./TicketFormModal.js";
import { TicketTable } from "./TicketTable.js";
import { toListQuery, useTicketFilters } from "./useTicketFilters.js";
import { ViewTabs } from "./ViewTabs.js";

// the form (with its uploader) is its own chunk: the grid shows first, the form loads while idle
const loadForm = () => import("./TicketFormModal.js");
const TicketFormModal = lazy(() => loadForm().then((m) => ({ default: m.TicketFormModal })));
// Opções → Mensagem (chat, arquivos, histórico): its own chunk, loaded when first opened
const loadMessage = () => import("../chat/TicketMessageModal.js");
const TicketMessageModal = lazy(loadMessage);
// Opções → Movimentar (lançar débito): the finance code loads only when it is opened
const MovimentarModal = lazy(() => import("../finance/MovimentarModal.js"));

export default function TicketsPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { filters, update, clear, hasFilters, detailId, setDetailId } = useTicketFilters();
  const query = useMemo(() => toListQuery(filters), [filters]);
  const list = useTicketList(query);
  const [formTarget, setFormTarget] = useState<TicketFormTarget | null>(null);
  const [messageRow, setMessageRow] = useState<TicketRow | null>(null);
  const [moveRow, setMoveRow] = useState<TicketRow | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // rows checked for a bulk action, by id: a refetch keeps them (with their fresh version); another
  // page, filter or order keeps only those still in its result
  const bulk = useBulkSelection(list.data, list.isPlaceholderData, JSON.stringify(query));
  const me = useMe();
  const columns = useColumnPrefs(me.id);
  // below md (a phone) the grid is a list of cards: ten columns cannot be read at 390 px
  const screens = Grid.useBreakpoint();
  const asCards = screens.md === false;
  // Adicionar and Mensagem open at once, and so does Contas a receber from the menu: their code loads
  // while the grid is idle
  useEffect(
    () =>
      whenIdle(
        () => void Promise.all([loadForm(), loadMessage(), loadReceivablesPage()]).catch(() => undefined),
      ),
    [],
  );

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
    [queryClient],
  );

  const run = useCallback(
    async (key: string, action: () => Promise<void>) => {
      setBusy(key);
      try {
        await action();
      } catch (e) {
        message.error(errorMessage(e));
        // a 409/403 means the row on screen is stale: show the current one
        if (e instanceof ApiError && (e.status === 409 || e.status === 403)) await refresh();
      } finally {
        setBusy(null);
      }
    },
    [message, refresh],
  );

  /**
   * the second message of the help page: what happened to the e-mail the change sent. The change
   * answers at once; the outcome follows when the first attempt is over (live, ADR 0018)
   */
  const following = useRef(new Set<() => void>());
  useEffect(() => {
    const set = following.current;
    return () => {
      for (const stop of set) stop();
      set.clear();
    };
  }, []);
  const showEmail = useCallback(
    (res: TicketWithEmail | undefined) => {
      const email = res?.email;
      if (!res || !email) return;
      let done = false;
      let stop: (() => void) | undefined;
      stop = followEmailOutcome(res.id, email, (outcome) => {
        done = true; // may run at once (an outcome already final), before `stop` is assigned
        if (stop) following.current.delete(stop);
        if (outcome.ok) message.success(outcome.message, 5);
        // "E-mail na fila: nova tentativa automática" will still go; "Não foi possível enviar o email" will not
        else if (outcome.state === "retrying") message.warning(outcome.message, 8);
        else message.error(outcome.message, 8);
      });
      if (!done) following.current.add(stop);
    },
    [message],
  );

  const handlers: RowHandlers = {
    busy,
    onChangeStatus: (row: TicketRow, status: TicketStatus) =>
      run(`${row.id}:status`, async () => {
        const res = await ticketApi.changeStatus(row.id, status, row.version);
        message.success(`Status alterado para ${STATUS_INFO[status].label}`);
        showEmail(res);
        await refresh();
      }),
    onReopen: (row) =>
      run(`${row.id}:reopen`, async () => {
        const res = await ticketApi.reopen(row.id, row.version);
        message.success(`Atendimento ${row.protocol} reaberto`);
        showEmail(res);
        await refresh();
      }),
    onNotify: (row) =>
      run(`${row.id}:notify`, async () => {
        const res = await ticketApi.notify(row.id, row.version);
        message.success(`Cliente notificado sobre o atendimento ${row.protocol}`);
        showEmail(res);
        await refresh();
      }),
    onEdit: (row) => setFormTarget({ mode: "edit", id: row.id }),
    onMessage: (row) => setMessageRow(row),
    onMove: (row) => setMoveRow(row),
  };

  const selectedRows = [...bulk.selection.values()];

  const gridProps = {
    filters,
    data: list.data,
    loading: list.isPending || (list.isFetching && list.isPlaceholderData),
    handlers,
    onOpen: (row: TicketRow) => setDetailId(row.id),
    onTableChange: update,
    selection: { ids: [...bulk.selection.keys()], onChange: bulk.select },
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <PageHeader
        title="Atendimentos"
        breadcrumb="Movimentação"
        extra={
          <>
            <RefreshButton onClick={refresh} loading={list.isFetching && !list.isPending} />
            <ExportButton path="/api/tickets/export" query={{ ...query }} compact={asCards} />
            {!asCards && (
              <ColumnsButton prefs={columns.prefs} onChange={columns.save} onReset={columns.reset} />
            )}
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => setFormTarget({ mode: "create" })}
            >
              Adicionar
            </Button>
          </>
        }
      />
      <OnboardingChecklist />
      <Card styles={{ body: { padding: screens.xxl ? 16 : 12 } }}>
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <ViewTabs userId={me.id} filters={filters} onChange={update} compact={asCards} />
          <TicketFiltersBar
            filters={filters}
            onChange={update}
            onClear={clear}
            hasFilters={hasFilters}
            compact={asCards}
          />
          {list.isError && (
            <Alert
              type="error"
              showIcon
              title={errorMessage(list.error)}
              action={
                <Button size="small" onClick={() => list.refetch()}>
                  Tentar novamente
                </Button>
              }
            />
          )}
          <BulkBar
            selected={selectedRows}
            pageRows={list.data?.items ?? []}
            onSelect={bulk.select}
            onClear={bulk.clear}
            onDone={refresh}
          />
          {asCards ? <TicketCards {...gridProps} /> : <TicketTable {...gridProps} prefs={columns.prefs} />}
        </Space>
      </Card>
      <TicketDrawer
        id={detailId}
        onClose={() => setDetailId(null)}
        onEdit={(id) => setFormTarget({ mode: "edit", id })}
      />
      {messageRow && (
        <Suspense fallback={null}>
          <TicketMessageModal key={messageRow.id} row={messageRow} onClosed={() => setMessageRow(null)} />
        </Suspense>
      )}
      {moveRow && (
        <Suspense fallback={null}>
          <MovimentarModal key={moveRow.id} row={moveRow} onClosed={() => setMoveRow(null)} />
        </Suspense>
      )}
      {formTarget && (
        <Suspense fallback={null}>
          <TicketFormModal
            key={formTarget.mode === "edit" ? formTarget.id : "new"}
            target={formTarget}
            onClosed={() => setFormTarget(null)}
          />
        </Suspense>
      )}
    </Space>
  );
}
