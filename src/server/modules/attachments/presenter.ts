import type { AttachmentDto } from "../../../shared/api.js";
import type { Actor } from "../auth/context.js";
import { safeMime } from "./content-type.js";
import { attachmentActions } from "./policy.js";
import type { AttachmentRow } from "./repository.js";

export function presentAttachment(actor: Actor, r: AttachmentRow): AttachmentDto {
  return {
    id: r.id,
    name: r.name,
    sizeBytes: r.sizeBytes,
    mime: safeMime(r.mime),
    uploadedBy: { id: r.uploadedBy, name: r.uploaderName },
    createdAt: r.createdAt.toISOString(),
    actions: attachmentActions(actor, r),
  };
}
