import type { MessageDto } from "../../../shared/api.js";
import type { MessageRow } from "./repository.js";

export const sideOf = (role: string): "office" | "client" => (role === "client" ? "client" : "office");

export function presentMessage(
  m: MessageRow,
  lastRead: { office: Date | null; client: Date | null },
): MessageDto {
  const side = sideOf(m.authorRole);
  const otherRead = side === "office" ? lastRead.client : lastRead.office;
  return {
    id: m.id,
    ticketId: m.ticketId,
    author: { id: m.authorId, name: m.authorName, side },
    body: m.body,
    inboundEmailId: m.inboundEmailId,
    internal: m.internal,
    createdAt: m.createdAt.toISOString(),
    read: !m.internal && otherRead !== null && otherRead.getTime() >= m.createdAt.getTime(),
  };
}
