/**
 * Bridges validation to antd forms: the shared Zod schemas run as field rules on the client, and the
 * API's `error.fields` (field path → pt-BR message) are placed beside the matching Form.Item.
 */
import type { FormInstance, FormRule } from "antd";
import type { ZodType } from "zod";
import { ApiError, errorMessage } from "../api/client.js";

/** An antd rule that runs one field of a shared Zod schema. */
export function zodRule(schema: ZodType, opts: { emptyAs?: unknown } = {}): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const input = value === "" && "emptyAs" in opts ? opts.emptyAs : value;
      const result = schema.safeParse(input);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? "Valor inválido");
    },
  };
}

/** Renames an API field path to the form field that shows it (e.g. amountCents → amount). */
export type FieldRename = Record<string, string>;

function formFieldFor(path: string, registered: Set<string>, rename: FieldRename): string | null {
  const first = path.split(/[.[\]]/).find(Boolean) ?? path;
  for (const candidate of [rename[path], rename[first], path, first]) {
    if (candidate && registered.has(candidate)) return candidate;
  }
  return null;
}

/** Places field errors beside their fields; returns the messages that have no field on the form. */
export function applyFieldErrors(
  form: FormInstance,
  fields: Record<string, string>,
  rename: FieldRename = {},
): string[] {
  const registered = new Set([
    ...Object.keys(form.getFieldsValue() as Record<string, unknown>),
    ...Object.keys(form.getFieldsValue(true) as Record<string, unknown>),
  ]);
  for (const name of Object.values(rename)) registered.add(name);
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(fields)) {
    const field = formFieldFor(path, registered, rename);
    if (!field) {
      unplaced.push(message);
      continue;
    }
    byField.set(field, [...(byField.get(field) ?? []), message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  const first = byField.keys().next();
  if (!first.done) form.scrollToField(first.value, { block: "center" });
  return unplaced;
}

/**
 * Shows an error from a save: validation errors go beside the fields, the rest through `notify`.
 * Returns true when the error carried field errors.
 */
export function showFormError(
  form: FormInstance,
  e: unknown,
  notify: (message: string) => void,
  rename: FieldRename = {},
): boolean {
  if (e instanceof ApiError && e.fields && Object.keys(e.fields).length > 0) {
    const unplaced = applyFieldErrors(form, e.fields, rename);
    if (unplaced.length > 0) notify(`${e.message} ${unplaced.join(" ")}`);
    // a message already shown beside its field is not repeated at the top
    else if (!Object.values(e.fields).includes(e.message)) notify(e.message);
    return true;
  }
  notify(errorMessage(e));
  return false;
}

/**
 * Validates a request body with its shared schema before sending it, showing every issue beside
 * its field. Returns false when something is wrong.
 */
export function validateWithSchema(
  form: FormInstance,
  schema: ZodType,
  input: unknown,
  rename: FieldRename = {},
): boolean {
  const result = schema.safeParse(input);
  if (result.success) return true;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join(".");
    if (!(path in fields)) fields[path] = issue.message;
  }
  applyFieldErrors(form, fields, rename);
  return false;
}
