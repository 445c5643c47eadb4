/** A contract's history: values over time, each reajuste with its memória de cálculo, and its charges. */
import { Alert, Descriptions, Drawer, Empty, Flex, List, Spin, Table, Tag, Typography } from "antd";
import { DEBT_STATUS_INFO, formatIsoDateBR } from "../../../shared/finance.js";
import { formatPeriodBR } from "../../../shared/honorarios.js";
import type { FeeContractDto } from "../../../shared/honorarios-api.js";
import { formatCents } from "../../../shared/money.js";
import { formatDateTime } from "../../components/format.js";
import { useContract } from "./api.js";

export function ContractHistoryDrawer({
  contract,
  onClose,
}: {
  contract: FeeContractDto | null;
  onClose: () => void;
}) {
  const detail = useContract(contract?.id ?? null);
  const d = detail.data;
  return (
    <Drawer
      open={Boolean(contract)}
      onClose={onClose}
      title={contract ? `Contrato de ${contract.client.name}` : ""}
      size={720}
      destroyOnHidden
    >
      <Spin spinning={detail.isLoading}>
        {d && (
          <Flex vertical gap={16}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
              <Descriptions.Item label="Valor mensal">{formatCents(d.monthlyCents)}</Descriptions.Item>
              <Descriptions.Item label="Vencimento">dia {d.dueDay}</Descriptions.Item>
              <Descriptions.Item label="Próximo reajuste">
                {d.nextReajuste ? formatPeriodBR(d.nextReajuste) : "—"}
              </Descriptions.Item>
              <Descriptions.Item label="Serviços">
                {d.services.map((s) => s.name).join(", ") || "—"}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ margin: 0 }}>
              Histórico
            </Typography.Title>
            <List
              dataSource={d.events}
              locale={{ emptyText: <Empty description="Sem eventos" /> }}
              renderItem={(e) => (
                <List.Item>
                  <Flex vertical gap={4} style={{ width: "100%" }}>
                    <Typography.Text>
                      <Tag>
                        {e.type === "reajuste"
                          ? "Reajuste"
                          : e.type === "created"
                            ? "Criado"
                            : e.type === "ended"
                              ? "Encerrado"
                              : "Alterado"}
                      </Tag>
                      {e.summary}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {formatDateTime(e.createdAt)}
                      {e.actor ? ` · ${e.actor.name}` : ""}
                    </Typography.Text>
                    {e.memoria && (
                      <Alert
                        type="info"
                        title="Memória de cálculo"
                        description={
                          <ul style={{ margin: 0, paddingLeft: 18 }}>
                            {e.memoria.lines.map((l) => (
                              <li key={l}>{l}</li>
                            ))}
                          </ul>
                        }
                      />
                    )}
                  </Flex>
                </List.Item>
              )}
            />
            <Typography.Title level={5} style={{ margin: 0 }}>
              Cobranças
            </Typography.Title>
            <Table
              size="small"
              rowKey="debtId"
              pagination={{ pageSize: 12, hideOnSinglePage: true }}
              dataSource={d.charges}
              scroll={{ x: 520 }}
              columns={[
                { title: "Competência", dataIndex: "period", render: (p: string) => formatPeriodBR(p) },
                {
                  title: "Tipo",
                  dataIndex: "kind",
                  render: (k: string) => (k === "monthly" ? "Mensal" : "13º"),
                },
                { title: "Vencimento", dataIndex: "dueDate", render: (v: string) => formatIsoDateBR(v) },
                {
                  title: "Valor",
                  dataIndex: "amountCents",
                  align: "right",
                  render: (v: number) => formatCents(v),
                },
                {
                  title: "Status",
                  dataIndex: "status",
                  render: (s: keyof typeof DEBT_STATUS_INFO) => (
                    <Tag color={DEBT_STATUS_INFO[s].color}>{DEBT_STATUS_INFO[s].label}</Tag>
                  ),
                },
              ]}
            />
          </Flex>
        )}
      </Spin>
    </Drawer>
  );
}
