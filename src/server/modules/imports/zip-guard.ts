import yauzl from "yauzl";
import { AppError } from "../../lib/errors.js";

/** What an .xlsx may hold once unpacked; a real spreadsheet of 20,000 clients is a few MB. */
export interface ZipLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
  /** uncompressed / compressed size of one entry (only checked above 1 MB uncompressed) */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 150,
};

const notSpreadsheet = () =>
  new AppError(
    400,
    "import_bad_file",
    "O arquivo não é uma planilha .xlsx válida. Abra-o no Excel e salve novamente como .xlsx ou .csv.",
  );
export const zipBomb = () =>
  new AppError(
    400,
    "import_zip_bomb",
    "O arquivo .xlsx se expande para um tamanho muito maior do que uma planilha de clientes: foi recusado por segurança. Salve a planilha novamente ou exporte como .csv.",
  );

/**
 * Reads the zip's central directory before anything unpacks it, and refuses a zip bomb by the declared
 * entry count, total size and compression ratio; then inflates every entry once, counting the real
 * bytes (yauzl checks them against the declared sizes), so a lying directory is refused too. Only
 * then does exceljs open the file.
 */
export async function assertSafeXlsx(buffer: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
      err || !z ? reject(notSpreadsheet()) : resolve(z),
    ),
  );
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw zipBomb();
  }
  let declared = 0;
  let inflated = 0;
  let hasWorkbook = false;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", () => reject(notSpreadsheet()));
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName === "xl/workbook.xml") hasWorkbook = true;
        if (entry.isEncrypted()) return reject(notSpreadsheet());
        declared += entry.uncompressedSize;
        const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (
          declared > limits.maxUncompressedBytes ||
          (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio)
        ) {
          return reject(zipBomb());
        }
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(notSpreadsheet());
          stream.on("data", (chunk: Buffer) => {
            inflated += chunk.length;
            if (inflated > limits.maxUncompressedBytes) {
              stream.destroy();
              reject(zipBomb());
            }
          });
          // yauzl errors when the real size differs from the declared one
          stream.on("error", () => reject(zipBomb()));
          stream.on("end", () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  if (!hasWorkbook) throw notSpreadsheet();
}
