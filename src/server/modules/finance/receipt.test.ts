import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import {
  type PaymentReceiptData,
  type ReceiptData,
  renderPaymentReceiptPdf,
  renderReceiptPdf,
} from "./receipt.js";

const receipt = (over: Partial<ReceiptData>): ReceiptData => ({
  number: "2026/000001",
  office: { name: "Contabilidade Conceição Ltda", document: null },
  client: { name: "Padaria Pão Dourado Ltda", document: "11222333000181" },
  description: "Honorários de maio",
  installment: "",
  totalCents: 100,
  payments: [],
  city: "São Paulo",
  date: "2026-05-01",
  ...over,
});

async function pdfText(pdf: Buffer): Promise<string> {
  const { text } = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
  return text;
}

describe("receipt PDFs", () => {
  it("writes names stored with CR/LF and other controls as one clean line (rows older than the text rule)", async () => {
    const text = await pdfText(
      await renderReceiptPdf(
        receipt({
          office: { name: "Contabilidade\r\nConceição", document: null },
          client: { name: "Ana\r\nLtda\tME\u0007", document: "11222333000181" },
          description: "Honorários\r\nde maio\u0000",
          city: "Campinas\n",
        }),
      ),
    );
    expect(text).toContain("Contabilidade Conceição\n");
    expect(text).toContain("Recebemos de Ana Ltda ME (CNPJ 11.222.333/0001-81)");
    expect(text).toContain("referente a Honorários de maio,");
    expect(text).toContain("Campinas, 1 de maio de 2026.");
    // pdfkit draws CR as "Ð" and BEL as "p" with the built-in Helvetica
    expect(text).not.toMatch(/Ð/);
  });

  it("cleans the same texts in a payment's recibo", async () => {
    const data: PaymentReceiptData = {
      number: "2026/000002",
      office: { name: "Contabilidade\r\nConceição", document: null },
      client: { name: "Ana\r\nLtda\tME\u0007", document: "11222333000181" },
      description: "Honorários\r\nde maio\u0000",
      installment: "",
      dueDate: "2026-05-10",
      debtAmountCents: 1000,
      payment: {
        paidOn: "2026-05-01",
        method: "PIX",
        principalCents: 400,
        lateFeeCents: 0,
        interestCents: 0,
        amountCents: 400,
      },
      paidBeforeCents: 0,
      balanceAfterCents: 600,
      reversal: null,
      laterReversals: [],
      city: "Campinas\n",
      date: "2026-05-01",
    };
    const text = await pdfText(await renderPaymentReceiptPdf(data));
    expect(text).toContain("Contabilidade Conceição\n");
    expect(text).toContain("Ana Ltda ME");
    expect(text).toContain("Honorários de maio");
    expect(text).toContain("Campinas, 1 de maio de 2026.");
    expect(text).not.toMatch(/Ð/);
  });
});
