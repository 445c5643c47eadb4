import { fileTypeRefusedMessage } from "../../../shared/file-types.js";
import { AppError, notFound } from "../../lib/errors.js";

const MB = 1024 * 1024;
const mbFormat = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 });

/** A byte limit as people read it: 26214400 → "25 MB", 1572864 → "1,5 MB". */
export function formatLimit(bytes: number): string {
  return `${mbFormat.format(bytes / MB)} MB`;
}

export const attachmentNotFound = () => notFound("Arquivo");

export const fileTooLarge = (name: string, maxFileBytes: number) =>
  new AppError(413, "file_too_large", `O arquivo "${name}" excede o limite de ${formatLimit(maxFileBytes)}.`);

export const tooManyFiles = (maxFiles: number) =>
  new AppError(
    413,
    "file_too_large",
    `Envie no máximo ${maxFiles} ${maxFiles === 1 ? "arquivo" : "arquivos"} por vez.`,
  );

export const requestTooLarge = (maxRequestBytes: number) =>
  new AppError(
    413,
    "file_too_large",
    `Os arquivos enviados juntos excedem o limite de ${formatLimit(maxRequestBytes)} por envio. Envie-os em partes.`,
  );

export const fileTypeRefused = (name: string) =>
  new AppError(415, "file_type_refused", fileTypeRefusedMessage(name));

export const fileTypeMismatch = (name: string, detected: string) =>
  new AppError(
    415,
    "file_type_mismatch",
    `O conteúdo do arquivo "${name}" não corresponde à extensão do nome (parece ser ${detected.toUpperCase()}). Verifique o arquivo e envie-o novamente.`,
  );
