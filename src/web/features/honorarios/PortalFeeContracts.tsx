/**
 * The portal's view of a client's contrato de honorários: value, due day, next reajuste and each
 * month's charge. The charges are debts: their PIX code and receipts are in the list below it.
 */
import { Card, Flex, Tag, Typography } from "antd";
import { DEBT_STATUS_INFO, formatIsoDateBR } from "../../../shared/finance.js";
import { formatPeriodBR, REAJUSTE_LABELS } from "../../../shared/honorarios.js";
import { formatCents } from "../../../shared/money.js";
import { CardField } from "../../components/CardList.js";
import { usePortalFees } from "./api.js";

export function PortalFeeContracts() {
  const fees = usePortalFees();
  const contracts = (fees.data ?? []).filter((c) => !c.endDate || c.charges.length > 0);
  if (contracts.length === 0) return null;
  return (
    <Flex vertical gap={12}>
      {contracts.map((c) => (
        <Card
          key={c.id}
          size="small"
          title={`Contrato de honorários — ${c.client.name}`}
          data-testid="portal-fee-contract"
        >
          <Flex vertical gap={6}>
            <CardField label="Valor mensal">
              <Typography.Text strong>{formatCents(c.monthlyCents)}</Typography.Text>
            </CardField>
            <CardField label="Vencimento">todo dia {c.dueDay}</CardField>
            <CardField label="Próximo reajuste">
              {c.nextReajuste ? `${formatPeriodBR(c.nextReajuste)} (${REAJUSTE_LABELS[c.reajuste]})` : "—"}
            </CardField>
            {c.endDate && <CardField label="Término">{formatIsoDateBR(c.endDate)}</CardField>}
            {c.charges.slice(0, 6).map((ch) => (
              <CardField
                key={ch.debtId}
                label={`${ch.kind === "thirteenth" ? "13º " : ""}${formatPeriodBR(ch.period)}`}
              >
                {formatCents(ch.amountCents)} · vence {formatIsoDateBR(ch.dueDate)}{" "}
                <Tag color={DEBT_STATUS_INFO[ch.status].color}>{DEBT_STATUS_INFO[ch.status].label}</Tag>
              </CardField>
            ))}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
