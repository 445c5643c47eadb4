/** Financeiro › Índices: the office's monthly IPCA / IGP-M / INPC, typed or imported from a CSV. */
import { UploadOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Segmented,
  Table,
  Tag,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import {
  formatPeriodBR,
  formatRatePpm,
  PRICE_INDEX_LABELS,
  PRICE_INDEXES,
  type PriceIndex,
  parseRatePercent,
} from "../../../shared/honorarios.js";
import type { PriceIndexImportResult } from "../../../shared/honorarios-api.js";
import { api, errorMessage, isApiError } from "../../api/client.js";
import { PageHeader } from "../../components/PageHeader.js";
import { feeKeys, useIndexValues } from "./api.js";

function parsePeriodInput(s: string): string | null {
  const m = /^(\d{1,2})\/(\d{4})$/.exec(s.trim());
  if (!m) return null;
  const month = Number(m[1]);
  return month >= 1 && month <= 12 ? `${m[2]}-${String(month).padStart(2, "0")}` : null;
}

function ImportModal({ index, open, onClose }: { index: PriceIndex; open: boolean; onClose: () => void }) {
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<PriceIndexImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const check = async (text: string) => {
    setCsv(text);
    setBusy(true);
    try {
      setPreview(
        await api.post<PriceIndexImportResult>("/api/fees/indexes/import", {
          index,
          csv: text,
          dryRun: true,
        }),
      );
    } catch (e) {
      message.error(errorMessage(e), 8);
      setPreview(null);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    setBusy(true);
    try {
      const r = await api.post<PriceIndexImportResult>("/api/fees/indexes/import", {
        index,
        csv,
        dryRun: false,
      });
      message.success(`${r.saved} mês(es) de ${PRICE_INDEX_LABELS[index]} importado(s)`);
      await qc.invalidateQueries({ queryKey: feeKeys.all });
      setPreview(null);
      setCsv("");
      onClose();
    } catch (e) {
      message.error(isApiError(e) && e.fields?.csv ? `${e.message} ${e.fields.csv}` : errorMessage(e), 8);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={`Importar ${PRICE_INDEX_LABELS[index]} de um CSV`}
      onCancel={onClose}
      okText="Importar"
      okButtonProps={{ disabled: !preview || preview.errors > 0, loading: busy }}
      onOk={save}
      width={640}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          Uma linha por mês: <code>competência;percentual</code>, por exemplo <code>03/2026;0,56</code>{" "}
          (vírgula decimal, ponto e vírgula entre as colunas). Meses já cadastrados são substituídos.
        </Typography.Text>
        <Upload
          accept=".csv,.txt,text/csv"
          showUploadList={false}
          beforeUpload={async (file) => {
            await check(await file.text());
            return false;
          }}
        >
          <Button icon={<UploadOutlined aria-hidden />}>Escolher arquivo CSV</Button>
        </Upload>
        <Input.TextArea
          aria-label="Conteúdo do CSV"
          rows={5}
          value={csv}
          placeholder={"competencia;percentual\n01/2026;0,33\n02/2026;0,70"}
          onChange={(e) => setCsv(e.target.value)}
          onBlur={() => csv.trim() && check(csv)}
        />
        {preview && (
          <>
            {preview.errors > 0 ? (
              <Alert
                type="error"
                showIcon
                title={`${preview.errors} linha(s) com erro: corrija o arquivo; nada será importado.`}
              />
            ) : (
              <Alert
                type="success"
                showIcon
                title={`${preview.rows.length} mês(es) prontos para importar.`}
              />
            )}
            <Table
              size="small"
              rowKey="line"
              pagination={false}
              scroll={{ y: 240 }}
              dataSource={preview.rows}
              columns={[
                { title: "Linha", dataIndex: "line", width: 60 },
                {
                  title: "Competência",
                  dataIndex: "period",
                  width: 110,
                  render: (p: string | null) => (p ? formatPeriodBR(p) : "—"),
                },
                {
                  title: "Percentual",
                  dataIndex: "ratePpm",
                  width: 100,
                  render: (r: number | null) => (r === null ? "—" : formatRatePpm(r)),
                },
                {
                  title: "Situação",
                  key: "s",
                  render: (_: unknown, r) =>
                    r.error ? (
                      <Typography.Text type="danger">{r.error}</Typography.Text>
                    ) : r.previousPpm !== null ? (
                      `substitui ${formatRatePpm(r.previousPpm)}`
                    ) : (
                      "novo"
                    ),
                },
              ]}
            />
          </>
        )}
      </Flex>
    </Modal>
  );
}

export default function IndexesPage() {
  const [index, setIndex] = useState<PriceIndex>("ipca");
  const [importing, setImporting] = useState(false);
  const values = useIndexValues(index);
  const [form] = Form.useForm<{ period: string; rate: string }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const add = async (v: { period: string; rate: string }) => {
    const period = parsePeriodInput(v.period);
    const rate = parseRatePercent(v.rate ?? "");
    if (!period) return form.setFields([{ name: "period", errors: ["Use MM/AAAA"] }]);
    if ("error" in rate) return form.setFields([{ name: "rate", errors: [rate.error] }]);
    try {
      await api.post("/api/fees/indexes", { index, period, ratePpm: rate.ppm });
      message.success(`${PRICE_INDEX_LABELS[index]} de ${formatPeriodBR(period)} salvo`);
      form.resetFields();
      await qc.invalidateQueries({ queryKey: feeKeys.all });
    } catch (e) {
      if (isApiError(e) && e.fields?.period) form.setFields([{ name: "period", errors: [e.fields.period] }]);
      else message.error(errorMessage(e), 8);
    }
  };
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="Índices de reajuste"
        breadcrumb="Financeiro"
        extra={
          <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
            Importar CSV
          </Button>
        }
      />
      <Segmented
        value={index}
        onChange={(v) => setIndex(v as PriceIndex)}
        options={PRICE_INDEXES.map((i) => ({ value: i, label: PRICE_INDEX_LABELS[i] }))}
      />
      <Card size="small" title={`Cadastrar mês do ${PRICE_INDEX_LABELS[index]}`}>
        <Form form={form} layout="inline" onFinish={add} style={{ rowGap: 8 }}>
          <Form.Item
            name="period"
            label="Competência"
            rules={[{ required: true, message: "Informe MM/AAAA" }]}
          >
            <Input placeholder="MM/AAAA" style={{ width: 110 }} />
          </Form.Item>
          <Form.Item
            name="rate"
            label="Variação (%)"
            rules={[{ required: true, message: "Informe o percentual" }]}
          >
            <Input placeholder="0,56" inputMode="decimal" style={{ width: 100 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            Salvar
          </Button>
        </Form>
      </Card>
      <Table
        size="small"
        rowKey="period"
        loading={values.isLoading}
        dataSource={values.data ?? []}
        pagination={{ pageSize: 24, hideOnSinglePage: true }}
        columns={[
          { title: "Competência", dataIndex: "period", render: (p: string) => formatPeriodBR(p) },
          {
            title: "Variação mensal",
            dataIndex: "ratePpm",
            align: "right",
            render: (r: number) => (r < 0 ? <Tag color="orange">{formatRatePpm(r)}</Tag> : formatRatePpm(r)),
          },
        ]}
        locale={{ emptyText: "Nenhum mês cadastrado: cadastre ou importe os índices." }}
      />
      <ImportModal index={index} open={importing} onClose={() => setImporting(false)} />
    </Flex>
  );
}
