/** The columns of each export: the grid's and Contas a receber's, in the screens' order. */
import type { DebtDto, TicketRow } from "../../../shared/api.js";
import { DEBT_STATUS_INFO } from "../../../shared/finance.js";
import { STATUS_INFO } from "../../../shared/status.js";
import type { Column } from "./writer.js";

export const ticketColumns: Column<TicketRow>[] = [
  { header: "Protocolo", width: 14, kind: "text", value: (t) => t.protocol },
  { header: "Solicitante", width: 36, kind: "text", value: (t) => t.requester.name },
  { header: "Assunto", width: 44, kind: "text", value: (t) => t.subject },
  { header: "Responsável", width: 24, kind: "text", value: (t) => t.assignee?.name ?? "" },
  { header: "Serviço", width: 28, kind: "text", value: (t) => t.service?.name ?? "" },
  { header: "Valor do Serviço", width: 16, kind: "money", value: (t) => t.amountCents },
  { header: "Débito em aberto", width: 16, kind: "money", value: (t) => t.openDebtCents },
  { header: "Status", width: 14, kind: "text", value: (t) => STATUS_INFO[t.status].label },
  { header: "Aberto em", width: 17, kind: "datetime", value: (t) => new Date(t.createdAt) },
  { header: "Atualizado em", width: 17, kind: "datetime", value: (t) => new Date(t.updatedAt) },
];

export const debtColumns: Column<DebtDto>[] = [
  { header: "Vencimento", width: 12, kind: "date", value: (d) => d.dueDate },
  { header: "Cliente", width: 36, kind: "text", value: (d) => d.client.name },
  { header: "Descrição", width: 40, kind: "text", value: (d) => d.description },
  {
    header: "Parcela",
    width: 9,
    kind: "text",
    value: (d) => (d.installmentCount > 1 ? `${d.installmentNumber}/${d.installmentCount}` : ""),
  },
  { header: "Categoria", width: 20, kind: "text", value: (d) => d.category.name },
  { header: "Atendimento", width: 14, kind: "text", value: (d) => d.ticket?.protocol ?? "" },
  { header: "Valor", width: 15, kind: "money", value: (d) => d.amountCents },
  { header: "Pago", width: 15, kind: "money", value: (d) => d.paidCents },
  { header: "Saldo", width: 15, kind: "money", value: (d) => d.balanceCents },
  { header: "Status", width: 18, kind: "text", value: (d) => DEBT_STATUS_INFO[d.status].label },
];
