import type { ImportKind } from "../../../shared/imports.js";
import { IMPORT_FIELDS } from "../../../shared/imports.js";

/** "Razão Social", "RAZAO_SOCIAL", "razão-social" → "razaosocial" */
export function foldHeader(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/**
 * Header names each field goes by, folded: pt-BR with and without accents, and the names exports of
 * Domínio, Alterdata and common spreadsheets use.
 */
const ALIASES: Record<ImportKind, Record<string, string[]>> = {
  clients: {
    name: [
      "razaosocial",
      "nome",
      "nomerazaosocial",
      "razaosocialnome",
      "empresa",
      "cliente",
      "nomedocliente",
      "nomeempresarial",
      "razao",
    ],
    tradeName: ["nomefantasia", "fantasia", "apelido"],
    document: [
      "cnpjcpf",
      "cpfcnpj",
      "cnpj",
      "cpf",
      "documento",
      "inscricao",
      "cnpjoucpf",
      "cpfoucnpj",
      "inscricaofederal",
      "nrinscricao",
    ],
    emails: ["email", "emails", "correioeletronico", "emailprincipal", "enderecodeemail"],
    phone: ["telefone", "fone", "celular", "tel", "telefone1", "fone1", "whatsapp", "contato"],
    accountant: ["contador", "contadorpadrao", "contadorresponsavel", "responsavel", "crc", "crccontador"],
    taxRegime: [
      "regimetributario",
      "regime",
      "tributacao",
      "regimedetributacao",
      "formadetributacao",
      "enquadramento",
    ],
    cityName: ["municipio", "cidade", "nomemunicipio", "nomedomunicipio"],
    cityIbgeCode: [
      "codigoibge",
      "ibge",
      "codmunicipio",
      "codigomunicipio",
      "codigodomunicipio",
      "codibge",
      "municipioibge",
    ],
    uf: ["uf", "estado", "siglauf"],
  },
  services: {
    name: ["nome", "servico", "descricao", "nomedoservico", "descricaodoservico"],
    price: ["valor", "preco", "valordoservico", "honorario", "honorarios", "valorr", "precor"],
  },
};

/** field → column index (or null), from the header names; each column is used at most once. */
export function guessMapping(kind: ImportKind, headers: string[]): Record<string, number | null> {
  const folded = headers.map(foldHeader);
  const used = new Set<number>();
  const out: Record<string, number | null> = {};
  for (const f of IMPORT_FIELDS[kind]) {
    const names = ALIASES[kind][f.key] ?? [];
    // exact names first, in the order of the list, then a header that starts with one of them
    let idx = -1;
    for (const n of names) {
      idx = folded.findIndex((h, i) => h === n && !used.has(i));
      if (idx >= 0) break;
    }
    if (idx < 0) {
      for (const n of names) {
        if (n.length < 4) continue;
        idx = folded.findIndex((h, i) => h.startsWith(n) && !used.has(i));
        if (idx >= 0) break;
      }
    }
    out[f.key] = idx >= 0 ? idx : null;
    if (idx >= 0) used.add(idx);
  }
  return out;
}
