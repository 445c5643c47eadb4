import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, DatePicker, Modal, Space, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import type { GenerationPreview, GenerationResult } from "../../../shared/obligations.js";
import { api, errorMessage } from "../../api/client.js";
import { dayBR, periodBR } from "./format.js";

/** "Gerar agora": choose a competência, see what will be created, confirm. */
export function GenerateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, "month").startOf("month"));
  const period = month.format("YYYY-MM");
  const [busy, setBusy] = useState(false);
  const preview = useQuery({
    queryKey: ["obligations", "preview", period],
    queryFn: () => api.get<GenerationPreview>(`/api/obligations/preview?period=${period}`),
    enabled: open,
  });
  const run = async () => {
    setBusy(true);
    try {
      const r = await api.post<GenerationResult>("/api/obligations/generate", { period });
      message.success(
        r.created === 0
          ? `Nada a gerar: a competência ${periodBR(period)} já estava gerada.`
          : `${r.created} atendimento(s) gerado(s) para a competência ${periodBR(period)}.`,
      );
      await Promise.all(
        ["obligations", "deadlines", "tickets"].map((k) => queryClient.invalidateQueries({ queryKey: [k] })),
      );
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const p = preview.data;
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title="Gerar atendimentos da competência"
      width={820}
      footer={
        <Space>
          <Button onClick={onClose}>Fechar</Button>
          <Button type="primary" loading={busy} disabled={!p || p.toCreate === 0} onClick={run}>
            {p ? `Gerar ${p.toCreate} atendimento(s)` : "Gerar"}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: "100%" }} size="middle">
        <Space wrap>
          <label htmlFor="generate-period">Competência</label>
          <DatePicker
            id="generate-period"
            picker="month"
            format="MM/YYYY"
            allowClear={false}
            value={month}
            onChange={(d) => d && setMonth(d)}
          />
        </Space>
        {preview.isError && <Alert type="error" showIcon message={errorMessage(preview.error)} />}
        {p && (
          <>
            <Typography.Text>
              {p.total} atendimento(s) para {periodBR(p.period)}: <strong>{p.toCreate} a gerar</strong>
              {p.existing > 0 && `, ${p.existing} já gerado(s) (não serão duplicados)`}.
            </Typography.Text>
            {p.withoutCity > 0 && (
              <Alert
                type="warning"
                showIcon
                message={`${p.withoutCity} cliente(s) sem município: prazos pelo calendário nacional e estadual apenas.`}
              />
            )}
            <Table
              size="small"
              rowKey={(r) => `${r.obligationId}:${r.clientId}`}
              dataSource={p.items}
              pagination={{ pageSize: 8, showSizeChanger: false }}
              columns={[
                { title: "Obrigação", dataIndex: "obligationName", ellipsis: true },
                { title: "Cliente", dataIndex: "clientName", ellipsis: true },
                { title: "Data Legal", dataIndex: "legalDueDate", width: 110, render: dayBR },
                { title: "Data Meta", dataIndex: "targetDate", width: 110, render: dayBR },
                {
                  title: "",
                  width: 120,
                  render: (_, r) =>
                    r.exists ? (
                      <Tag>já gerado</Tag>
                    ) : r.withoutCity ? (
                      <Tag color="warning">sem município</Tag>
                    ) : null,
                },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
