import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { type Column, csvStream, EXPORT_BATCH, inBatches } from "./writer.js";

describe("export writer", () => {
  it("reads the ids in batches of EXPORT_BATCH, in order, never all at once", async () => {
    const ids = Array.from({ length: EXPORT_BATCH * 2 + 3 }, (_, i) => String(i));
    const sizes: number[] = [];
    const out: string[] = [];
    for await (const rows of inBatches(ids, async (batch) => {
      sizes.push(batch.length);
      return batch;
    }))
      out.push(...rows);
    expect(sizes).toEqual([EXPORT_BATCH, EXPORT_BATCH, 3]);
    expect(out).toEqual(ids);
  });

  it("writes a BOM, a header and one CRLF line per row with neutralised text", async () => {
    const cols: Column<{ n: string; c: number; d: string | null }>[] = [
      { header: "Nome", width: 10, kind: "text", value: (r) => r.n },
      { header: "Valor", width: 10, kind: "money", value: (r) => r.c },
      { header: "Data", width: 10, kind: "date", value: (r) => r.d },
    ];
    async function* batches() {
      yield [{ n: "=cmd", c: 150, d: "2026-01-31" }];
      yield [];
      yield [{ n: "a;b", c: -5, d: null }];
    }
    expect(await text(csvStream(cols, batches()))).toBe(
      '\uFEFFNome;Valor;Data\r\n\'=cmd;1,50;31/01/2026\r\n"a;b";-0,05;\r\n',
    );
  });
});
