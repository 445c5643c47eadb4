import { and, count, desc, eq } from "drizzle-orm";
import { cnpjCheckDigits } from "../../shared/documents.js";
import { allowedStatusTargets, type TicketStatus } from "../../shared/status.js";
import type { Db } from "../db/client.js";
import { messages, offices, tickets } from "../db/schema/index.js";
import * as accountantsRepo from "../modules/accountants/repository.js";
import { hashPassword } from "../modules/auth/password.js";
import * as clientsRepo from "../modules/clients/repository.js";
import * as mailRepo from "../modules/mail/repository.js";
import * as servicesRepo from "../modules/services/repository.js";
import { protocolYear } from "../modules/tickets/protocol.js";
import * as ticketsRepo from "../modules/tickets/repository.js";
import * as usersRepo from "../modules/users/repository.js";
import { seedDemoAccounts } from "./demo-accounts.js";
import { seedDemoFinance } from "./demo-finance.js";
import { seedDemoInbound } from "./demo-inbound.js";
import { seedDemoObligations } from "./demo-obligations.js";
import { applyOfficeDefaults } from "./office-defaults.js";

export const DEMO_LOGIN = { email: "admin@demo.atende.com.br", password: "atende123" };
/** The demo office sends as this address through the demo mailbox (src/server/dev/mailbox.ts) */
export const DEMO_MAIL_SENDER = "atendimento@contabilidade-exemplo.com.br";
export const DEMO_MAILBOX_HOST = "127.0.0.1";
export const DEMO_CLIENT_LOGIN = { email: "marta@paodourado.com.br", password: "atende123" };
export const DEMO_STAFF_LOGIN = { email: "bruno@demo.atende.com.br", password: "atende123" };

export async function hasAnyOffice(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(offices);
  return (row?.n ?? 0) > 0;
}

/** Deterministic pseudo-random numbers, so every demo office looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cpfFrom(base9: string): string {
  const d = [...base9].map(Number);
  const dv = (arr: number[], w: number) => {
    const r = (arr.reduce((s, x, i) => s + x * (w - i), 0) * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = dv(d, 10);
  const d2 = dv([...d, d1], 11);
  return `${base9}${d1}${d2}`;
}

const CLIENTS: [string, string | null][] = [
  ["Padaria Pão Dourado Ltda", "Pão Dourado"],
  ["Construtora Horizonte S.A.", "Horizonte"],
  ["Farmácia Saúde & Vida Ltda", "Saúde & Vida"],
  ["Auto Peças São João ME", null],
  ["Clínica Odontológica Sorriso Ltda", "Sorriso"],
  ["Mercado Bom Preço Eireli", "Bom Preço"],
  ["Transportadora Rápido Sul Ltda", "Rápido Sul"],
  ["Escola Pequeno Saber Ltda", "Pequeno Saber"],
  ["Restaurante Sabor Mineiro Ltda", "Sabor Mineiro"],
  ["Tech Soluções em Software Ltda", "TechSol"],
  ["Academia Corpo em Ação Ltda", "Corpo em Ação"],
  ["Pet Shop Amigo Fiel ME", "Amigo Fiel"],
  ["Imobiliária Casa Nova Ltda", "Casa Nova"],
  ["Oficina Mecânica Irmãos Souza", null],
  ["Gráfica Impressão Certa Ltda", "Impressão Certa"],
];
const PEOPLE = ["Maria das Graças Oliveira", "João Pedro Santos", "Luíza Fernandes Costa"];

const SERVICES: [string, number][] = [
  ["Abertura de empresa", 150000],
  ["Alteração contratual", 80000],
  ["Declaração de IRPF", 35000],
  ["Folha de pagamento mensal", 45000],
  ["Escrituração fiscal mensal", 60000],
  ["Rescisão trabalhista", 25000],
  ["Certidão negativa de débitos", 8000],
  ["Encerramento de empresa", 120000],
  ["Parcelamento de débitos", 30000],
  ["Consultoria tributária (hora)", 20000],
];

const SUBJECTS = [
  "Declaração de IRPF do sócio",
  "Envio da folha de pagamento de {mes}",
  "Alteração do endereço no contrato social",
  "Emissão de certidão negativa federal",
  "Dúvida sobre retenção de ISS em notas",
  "Rescisão de funcionário: cálculo e guias",
  "Parcelamento de débitos do Simples Nacional",
  "Ações trabalhistas: documentação solicitada",
  "Apuração do DAS de {mes}",
  "Inclusão de novo sócio",
  "Regularização de pendências na Receita",
  "Abertura de filial em Campinas",
  "Conferência de notas fiscais de entrada",
  "Revisão do enquadramento tributário",
  "Encerramento das atividades da empresa",
];
const MONTHS = [
  "janeiro",
  "fevereiro",
  "março",
  "abril",
  "maio",
  "junho",
  "julho",
  "agosto",
  "setembro",
  "outubro",
  "novembro",
];

/** real municípios with their IBGE codes, for the demo clients */
const DEMO_CITIES = [
  { uf: "SP", cityIbgeCode: "3550308", cityName: "São Paulo" },
  { uf: "SP", cityIbgeCode: "3509502", cityName: "Campinas" },
  { uf: "SP", cityIbgeCode: "3547809", cityName: "Santo André" },
  { uf: "SP", cityIbgeCode: "3518800", cityName: "Guarulhos" },
  { uf: "SP", cityIbgeCode: "3548708", cityName: "São Bernardo do Campo" },
  { uf: "RJ", cityIbgeCode: "3304557", cityName: "Rio de Janeiro" },
  { uf: "MG", cityIbgeCode: "3106200", cityName: "Belo Horizonte" },
  { uf: "PR", cityIbgeCode: "4106902", cityName: "Curitiba" },
  { uf: "SP", cityIbgeCode: "3534401", cityName: "Osasco" },
  { uf: "RS", cityIbgeCode: "4314902", cityName: "Porto Alegre" },
] as const;
const COMPANY_REGIMES = [
  "simples_nacional",
  "lucro_presumido",
  "simples_nacional",
  "mei",
  "lucro_real",
  "simples_nacional",
  "imune_isenta",
] as const;

/**
 * Creates the demo office: users, accountants, services, clients and ~200 atendimentos with history.
 * With `mailboxPort` its SMTP points at the demo mailbox on that port of loopback (the caller runs
 * the mailbox, see demo-boot.ts); without, the office has no SMTP and its e-mails are kept as
 * "not configured".
 */
export async function seedDemo(db: Db, opts: { tickets?: number; now?: Date; mailboxPort?: number } = {}) {
  const rand = rng(2026);
  const pick = <T>(arr: readonly T[]): T => arr[Math.floor(rand() * arr.length)] as T;
  const now = opts.now ?? new Date();
  const total = opts.tickets ?? 200;
  const passwordHash = await hashPassword(DEMO_LOGIN.password);

  const seeded = await db.transaction(async (tx) => {
    const [office] = await tx
      .insert(offices)
      .values({ name: "Contabilidade Exemplo Ltda", document: "11222333000181" })
      .returning();
    if (!office) throw new Error("office insert failed");
    await applyOfficeDefaults(tx, office.id);
    const officeId = office.id;
    // the demo sends real SMTP to the demo mailbox on loopback (see src/server/dev/mailbox.ts)
    if (opts.mailboxPort) {
      await mailRepo.upsertSettings(tx, {
        officeId,
        host: DEMO_MAILBOX_HOST,
        port: opts.mailboxPort,
        security: "none",
        username: null,
        passwordEnc: null,
        fromName: office.name,
        fromAddress: DEMO_MAIL_SENDER,
      });
    }

    const admin = await usersRepo.insert(tx, officeId, {
      name: "Ana Souza",
      email: DEMO_LOGIN.email,
      role: "admin",
      active: true,
      passwordHash,
    });
    const staff = [admin];
    for (const [name, email] of [
      ["Bruno Lima", DEMO_STAFF_LOGIN.email],
      ["Carla Mendes", "carla@demo.atende.com.br"],
      ["Diego Araújo", "diego@demo.atende.com.br"],
    ] as const) {
      staff.push(
        await usersRepo.insert(tx, officeId, { name, email, role: "staff", active: true, passwordHash }),
      );
    }

    const accs = [];
    for (const [i, [name, crc]] of [
      ["Roberto Carlos Almeida", "1SP234567/O-8"],
      ["Fernanda Ribeiro", "1SP198765/O-2"],
      ["Marcos Vinícius Teixeira", "1RJ087654/O-1"],
    ].entries()) {
      accs.push(
        await accountantsRepo.insert(tx, officeId, {
          name: name as string,
          crc: crc as string,
          cpf: cpfFrom(String(123456780 + i * 1111)),
          email: `contador${i + 1}@demo.atende.com.br`,
          phone: `(11) 3333-00${10 + i}`,
          active: true,
        }),
      );
    }

    const svcs = [];
    for (const [name, priceCents] of SERVICES)
      svcs.push(await servicesRepo.insert(tx, officeId, { name, priceCents, active: true }));

    const cls = [];
    for (const [i, [name, tradeName]] of CLIENTS.entries()) {
      // one client with the alphanumeric CNPJ format valid since July 2026
      const base = i === 9 ? "12ABC34501DE" : `${String(10_000_000 + i * 7_654_321).slice(0, 8)}0001`;
      const slug = (tradeName ?? name)
        .toLowerCase()
        .normalize("NFD")
        .replace(/[^a-z]/g, "")
        .slice(0, 16);
      cls.push(
        await clientsRepo.insert(tx, officeId, {
          name,
          tradeName,
          document: base + cnpjCheckDigits(base),
          emails: i === 3 ? [] : [`contato@${slug}.com.br`],
          phone: `(11) 9${String(80000000 + i * 12345).slice(0, 4)}-${String(1000 + i * 77).slice(0, 4)}`,
          defaultAccountantId: (accs[i % accs.length] ?? accs[0])?.id ?? null,
          taxRegime: COMPANY_REGIMES[i % COMPANY_REGIMES.length] ?? "simples_nacional",
          ...DEMO_CITIES[i % DEMO_CITIES.length],
          active: true,
        }),
      );
    }
    for (const [i, name] of PEOPLE.entries()) {
      cls.push(
        await clientsRepo.insert(tx, officeId, {
          name,
          tradeName: null,
          document: cpfFrom(String(300000000 + i * 12345679).slice(0, 9)),
          emails: [
            `${name
              .split(" ")[0]
              ?.toLowerCase()
              .normalize("NFD")
              .replace(/[^a-z]/g, "")}@email.com.br`,
          ],
          phone: null,
          defaultAccountantId: accs[0]?.id ?? null,
          taxRegime: "pessoa_fisica",
          ...DEMO_CITIES[(i * 3) % DEMO_CITIES.length],
          active: true,
        }),
      );
    }

    const year = protocolYear(now);
    for (let n = 1; n <= total; n++) {
      // spread over the last 240 days, oldest first so protocol numbers grow with time
      const createdAt = new Date(now.getTime() - (total - n) * (240 / total) * 86400_000 - rand() * 3600_000);
      const client = pick(cls);
      const service = pick(svcs);
      const creator = pick(staff);
      const assignee = pick(staff);
      const subject = pick(SUBJECTS).replace("{mes}", pick(MONTHS));
      const amountCents =
        rand() < 0.7 ? service.priceCents : Math.round(service.priceCents * (0.8 + rand() * 0.5));
      const seq = await ticketsRepo.nextProtocolSeq(tx, officeId, protocolYear(createdAt) || year);
      const t = await ticketsRepo.insert(tx, {
        officeId,
        protocolYear: protocolYear(createdAt),
        protocolSeq: seq,
        requesterId: client.id,
        serviceId: service.id,
        accountantId: client.defaultAccountantId,
        assigneeId: assignee.id,
        subject,
        description: `Solicitação de ${client.tradeName ?? client.name}: ${subject.toLowerCase()}. Documentos enviados por e-mail.`,
        amountCents,
        status: "open",
        createdBy: creator.id,
        createdAt,
        updatedAt: createdAt,
      });
      await ticketsRepo.insertEvent(tx, {
        officeId,
        ticketId: t.id,
        actorId: creator.id,
        type: "created",
        createdAt,
        changes: [
          { field: "requester", from: null, to: client.name },
          { field: "service", from: null, to: service.name },
          { field: "assignee", from: null, to: assignee.name },
          { field: "subject", from: null, to: subject },
          { field: "amountCents", from: null, to: amountCents },
          { field: "status", from: null, to: "open" },
        ],
      });
      // walk a realistic path of status changes: most atendimentos get worked, older ones finish
      let status: TicketStatus = "open";
      let at = createdAt.getTime();
      let version = 1;
      const steps = n > total - 25 ? Math.floor(rand() * 2) : 1 + Math.floor(rand() * 4);
      for (let k = 0; k < steps; k++) {
        const targets: TicketStatus[] = allowedStatusTargets(status).filter(
          (s) => s !== "open" && s !== "reopened",
        );
        const to: TicketStatus =
          status === "open"
            ? "analysing"
            : k === steps - 1 && rand() < 0.6
              ? pick(["finished", "finished", "cancelled", "rejected"] as const)
              : pick(targets);
        at += (1 + rand() * 72) * 3600_000;
        if (at > now.getTime()) break;
        await ticketsRepo.insertEvent(tx, {
          officeId,
          ticketId: t.id,
          actorId: assignee.id,
          type: "status_changed",
          createdAt: new Date(at),
          changes: [{ field: "status", from: status, to }],
        });
        status = to;
        version++;
        if (status === "finished" || status === "cancelled" || status === "rejected") break;
      }
      if (version > 1) {
        await ticketsRepo.setSeedState(tx, t.id, {
          status,
          version,
          touchedAt: new Date(at),
          updatedAt: new Date(at),
        });
      }
    }
    // a client user of Padaria Pão Dourado, for the portal and the Mensagem option
    const padaria = cls[0];
    if (padaria) {
      const clientUser = await usersRepo.insert(tx, officeId, {
        name: "Marta Oliveira",
        email: DEMO_CLIENT_LOGIN.email,
        role: "client",
        active: true,
        passwordHash,
      });
      await usersRepo.setClientLinks(tx, officeId, clientUser.id, [padaria.id]);
      const [latest] = await tx
        .select({ id: tickets.id, assigneeId: tickets.assigneeId, createdAt: tickets.createdAt })
        .from(tickets)
        .where(and(eq(tickets.officeId, officeId), eq(tickets.requesterId, padaria.id)))
        .orderBy(desc(tickets.createdAt))
        .limit(1);
      if (latest) {
        const thread: [string, string][] = [
          [latest.assigneeId ?? admin.id, "Bom dia, Marta! Pode nos enviar os extratos bancários do mês?"],
          [clientUser.id, "Bom dia! Envio ainda hoje à tarde."],
        ];
        for (const [i, [authorId, body]] of thread.entries()) {
          const createdAt = new Date(latest.createdAt.getTime() + (i + 1) * 1800_000);
          await tx.insert(messages).values({ officeId, ticketId: latest.id, authorId, body, createdAt });
          await ticketsRepo.insertEvent(tx, {
            officeId,
            ticketId: latest.id,
            actorId: authorId,
            type: "message",
            clientVisible: true,
            createdAt,
            changes: [{ field: "message", from: null, to: body }],
          });
        }
      }
    }
    return {
      office: { id: officeId, name: office.name },
      admin: { id: admin.id, name: admin.name, email: admin.email },
      padariaId: padaria?.id,
    };
  });
  await seedDemoFinance(db, seeded.office, seeded.admin, seeded.padariaId);
  await seedDemoAccounts(db, { id: seeded.admin.id, officeId: seeded.office.id }, now);
  await seedDemoInbound(db, seeded.office.id, now);
  await seedDemoObligations(db, seeded.office.id, seeded.admin.id, now);
  return { officeId: seeded.office.id, adminId: seeded.admin.id };
}
