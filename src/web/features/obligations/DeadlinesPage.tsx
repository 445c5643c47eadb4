/**
 * Prazos: the office's obligation deadlines of a month as a calendar (by Data Legal) or as a board
 * by responsável, with the filters "vencendo hoje", "nesta semana" and "atrasadas"; late work in red.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, DatePicker, Empty, Flex, Segmented, Space, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import type { DeadlineItem, DeadlineList } from "../../../shared/obligations.js";
import { isClosed, type TicketStatus } from "../../../shared/status.js";
import { api, errorMessage } from "../../api/client.js";
import { PageHeader } from "../../components/PageHeader.js";
import { PageSpinner } from "../../components/PageSpinner.js";
import { dayBR, periodBR, todaySP } from "./format.js";
import "./deadlines.css";

type Filter = "all" | "today" | "week" | "late";
type View = "calendar" | "board";
const WEEKDAYS = ["Dom", "Seg", "Ter", "Qua", "Qui", "Sex", "Sáb"];

/** Monday..Sunday of the week of `day` */
function weekOf(day: string): [string, string] {
  const d = dayjs(day);
  const monday = d.subtract((d.day() + 6) % 7, "day");
  return [monday.format("YYYY-MM-DD"), monday.add(6, "day").format("YYYY-MM-DD")];
}

function itemClass(base: string, i: DeadlineItem) {
  if (isClosed(i.status as TicketStatus)) return `${base} ${base}--done`;
  return i.late ? `${base} ${base}--late` : base;
}

function label(i: DeadlineItem) {
  return `${i.client.name} — ${i.subject.split(" — competência")[0]}`;
}

export default function DeadlinesPage() {
  const [params, setParams] = useSearchParams();
  const today = todaySP();
  const month = params.get("mes") ?? today.slice(0, 7);
  const filter = (params.get("filtro") as Filter) ?? "all";
  const view = (params.get("visao") as View) ?? "calendar";
  const set = (k: string, v: string) =>
    setParams(
      (p) => {
        p.set(k, v);
        return p;
      },
      { replace: true },
    );
  const scope = filter === "late" ? "late" : "month";
  const q = useQuery({
    queryKey: ["deadlines", month, scope],
    queryFn: () => api.get<DeadlineList>(`/api/obligations/deadlines?month=${month}&scope=${scope}`),
    placeholderData: keepPreviousData,
  });
  const [weekFrom, weekTo] = weekOf(today);
  const items = useMemo(() => {
    const all = q.data?.items ?? [];
    if (filter === "today") return all.filter((i) => i.legalDueDate === today);
    if (filter === "week") return all.filter((i) => i.legalDueDate >= weekFrom && i.legalDueDate <= weekTo);
    return all;
  }, [q.data, filter, today, weekFrom, weekTo]);
  const lateCount = items.filter((i) => i.late).length;

  return (
    <>
      <PageHeader
        title="Prazos"
        extra={
          <Link to="/obrigacoes">
            <Button>Obrigações</Button>
          </Link>
        }
      />
      <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
        <DatePicker
          picker="month"
          format="MM/YYYY"
          allowClear={false}
          aria-label="Mês"
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && set("mes", d.format("YYYY-MM"))}
          disabled={filter === "late"}
        />
        <Segmented<Filter>
          style={{ maxWidth: "100%", overflowX: "auto" }}
          aria-label="Filtro"
          value={filter}
          onChange={(v) => set("filtro", v)}
          options={[
            { value: "all", label: "Todos do mês" },
            { value: "today", label: "Vencendo hoje" },
            { value: "week", label: "Nesta semana" },
            { value: "late", label: "Atrasadas" },
          ]}
        />
        <Segmented<View>
          aria-label="Visão"
          value={view}
          onChange={(v) => set("visao", v)}
          options={[
            { value: "calendar", label: "Calendário" },
            { value: "board", label: "Por responsável" },
          ]}
        />
        <Typography.Text type="secondary">
          {items.length} prazo(s)
          {lateCount > 0 && <Typography.Text type="danger">, {lateCount} atrasado(s)</Typography.Text>}
        </Typography.Text>
      </Flex>
      {q.isError && <Alert type="error" showIcon message={errorMessage(q.error)} />}
      {q.isPending ? (
        <PageSpinner />
      ) : items.length === 0 ? (
        <Empty
          description={
            filter === "late" ? "Nenhuma obrigação atrasada." : `Nenhum prazo em ${periodBR(month)}.`
          }
        />
      ) : view === "board" || filter === "late" || filter === "today" ? (
        <Board items={items} />
      ) : (
        <MonthGrid month={month} today={today} items={items} />
      )}
    </>
  );
}

function MonthGrid({ month, today, items }: { month: string; today: string; items: DeadlineItem[] }) {
  const byDay = useMemo(() => {
    const m = new Map<string, DeadlineItem[]>();
    for (const i of items) m.set(i.legalDueDate, [...(m.get(i.legalDueDate) ?? []), i]);
    return m;
  }, [items]);
  const first = dayjs(`${month}-01`);
  // leading blanks carry the days of the previous month they stand for (stable keys)
  const blanks = Array.from(
    { length: first.day() },
    (_, d) => `blank-${first.subtract(first.day() - d, "day").format("YYYY-MM-DD")}`,
  );
  const cells: string[] = [
    ...blanks,
    ...Array.from({ length: first.daysInMonth() }, (_, d) => first.add(d, "day").format("YYYY-MM-DD")),
  ];
  return (
    <section className="deadline-cal" aria-label={`Prazos de ${periodBR(month)}`}>
      {WEEKDAYS.map((w) => (
        <div key={w} className="deadline-cal__head" aria-hidden>
          {w}
        </div>
      ))}
      {cells.map((day) => {
        if (day.startsWith("blank-"))
          return (
            <div key={day} className="deadline-cal__day deadline-cal__day--out deadline-cal__day--empty" />
          );
        const list = byDay.get(day) ?? [];
        const shown = list.slice(0, 4);
        const cls = `deadline-cal__day${day === today ? " deadline-cal__day--today" : ""}${list.length === 0 ? " deadline-cal__day--empty" : ""}`;
        return (
          <div key={day} className={cls} title={dayBR(day)}>
            <div className="deadline-cal__num">
              <span className="deadline-cal__wd">{WEEKDAYS[dayjs(day).day()]}, </span>
              {Number(day.slice(8))}
              {list.length > 0 && ` · ${list.length}`}
            </div>
            {shown.map((i) => (
              <Link
                key={i.id}
                to={`/atendimentos/${i.id}`}
                className={itemClass("deadline-item", i)}
                title={label(i)}
              >
                {label(i)}
              </Link>
            ))}
            {list.length > shown.length && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                +{list.length - shown.length} mais
              </Typography.Text>
            )}
          </div>
        );
      })}
    </section>
  );
}

function Board({ items }: { items: DeadlineItem[] }) {
  const columns = useMemo(() => {
    const m = new Map<string, { name: string; items: DeadlineItem[] }>();
    for (const i of items) {
      const key = i.assignee?.id ?? "";
      const col = m.get(key) ?? { name: i.assignee?.name ?? "Sem responsável", items: [] };
      col.items.push(i);
      m.set(key, col);
    }
    return [...m.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name, "pt-BR"));
  }, [items]);
  return (
    <div className="deadline-board">
      {columns.map(([key, col]) => (
        <section key={key || "none"} className="deadline-board__col" aria-label={col.name}>
          <h3>
            <span>{col.name}</span>
            <Space size={4}>
              <span>{col.items.length}</span>
            </Space>
          </h3>
          {col.items.slice(0, 100).map((i) => (
            <Link key={i.id} to={`/atendimentos/${i.id}`} className={itemClass("deadline-card", i)}>
              <div className="deadline-card__client">{i.client.name}</div>
              <div className="deadline-card__subject">{i.subject}</div>
              <div className="deadline-card__due">
                Data Legal {dayBR(i.legalDueDate)} · Meta {dayBR(i.targetDate)}
                {i.late && " · atrasada"}
              </div>
            </Link>
          ))}
          {col.items.length > 100 && (
            <Typography.Text type="secondary">+{col.items.length - 100} mais</Typography.Text>
          )}
        </section>
      ))}
    </div>
  );
}
