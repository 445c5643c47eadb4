import { describe, expect, it } from "vitest";
import { crossSideTicketTarget, safeNextPath, ticketLink, ticketLinkTarget } from "./links.js";

const id = "0b7f7a52-3c1e-4d7e-9a55-0f1d2c3b4a59";

describe("ticketLink", () => {
  it("is one neutral URL per atendimento under the public address", () => {
    expect(ticketLink("https://atende.exemplo.com.br", id)).toBe(
      `https://atende.exemplo.com.br/atendimentos/${id}`,
    );
    expect(ticketLink("https://atende.exemplo.com.br/", id)).toBe(
      `https://atende.exemplo.com.br/atendimentos/${id}`,
    );
  });
});

describe("ticketLinkTarget", () => {
  it("sends a client user to the portal and the office to the drawer", () => {
    expect(ticketLinkTarget(id, "client")).toBe(`/portal/atendimentos/${id}`);
    expect(ticketLinkTarget(id, "staff")).toBe(`/atendimentos?atendimento=${id}`);
    expect(ticketLinkTarget(id, "admin")).toBe(`/atendimentos?atendimento=${id}`);
  });

  it("falls back to each side's list for an id that is not an atendimento's", () => {
    expect(ticketLinkTarget("../financeiro", "client")).toBe("/portal");
    expect(ticketLinkTarget("2026", "staff")).toBe("/atendimentos");
  });
});

describe("safeNextPath", () => {
  it("keeps a path of this app with its query", () => {
    expect(safeNextPath(`/atendimentos/${id}`)).toBe(`/atendimentos/${id}`);
    expect(safeNextPath("/portal/financeiro?empresa=x")).toBe("/portal/financeiro?empresa=x");
  });

  it("refuses anything a browser could read as another site", () => {
    for (const bad of [
      null,
      "",
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "javascript:alert(1)",
      "/login",
      "/login?next=/x",
    ]) {
      expect(safeNextPath(bad), String(bad)).toBe("/atendimentos");
    }
  });
});

describe("crossSideTicketTarget", () => {
  it("turns the other side's link to an atendimento into this user's view of it", () => {
    expect(crossSideTicketTarget(`/portal/atendimentos/${id}`, "?empresa=x", "staff")).toBe(
      `/atendimentos?atendimento=${id}`,
    );
    expect(crossSideTicketTarget("/atendimentos", `?atendimento=${id}&q=abc`, "client")).toBe(
      `/portal/atendimentos/${id}`,
    );
  });

  it("leaves every other address alone", () => {
    expect(crossSideTicketTarget("/atendimentos", "?q=2026%2F000001", "client")).toBeNull();
    expect(crossSideTicketTarget("/portal/financeiro", "", "staff")).toBeNull();
    expect(crossSideTicketTarget("/portal/atendimentos/nao-e-um-id", "", "staff")).toBeNull();
    expect(crossSideTicketTarget(`/portal/atendimentos/${id}`, "", "client")).toBeNull();
  });
});
