import { Input, type InputProps } from "antd";
import { formatCentsPlain, parseBRL } from "../../shared/money.js";

/**
 * A pt-BR money field: the person types "1.234,56"; the form keeps that text and the page converts
 * it to centavos with `parseBRL` when saving (never floats). On blur a valid amount is normalised.
 */
export interface MoneyInputProps extends Omit<InputProps, "value" | "onChange"> {
  value?: string;
  onChange?: (value: string) => void;
}

export function MoneyInput({ value, onChange, onBlur, ...rest }: MoneyInputProps) {
  return (
    <Input
      {...rest}
      prefix="R$"
      inputMode="decimal"
      autoComplete="off"
      placeholder={rest.placeholder ?? "0,00"}
      value={value ?? ""}
      onChange={(e) => onChange?.(e.target.value)}
      onBlur={(e) => {
        const cents = parseBRL(value ?? "");
        if (cents !== null) {
          const normalised = formatCentsPlain(cents);
          if (normalised !== value) onChange?.(normalised);
        }
        onBlur?.(e);
      }}
      style={{ maxWidth: 240, ...rest.style }}
    />
  );
}

/** The field's rule: `moneyRule(schema.shape.amountCents)` (see moneyRule.ts). */
export { moneyRule } from "./moneyRule.js";

export function centsToText(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? "" : formatCentsPlain(cents);
}
