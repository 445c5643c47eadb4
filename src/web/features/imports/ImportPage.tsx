import { InboxOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  Flex,
  Progress,
  Result,
  Segmented,
  Select,
  Space,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import { Link } from "react-router";
import {
  IMPORT_FIELDS,
  IMPORT_UPLOAD_FIELD,
  type ImportDto,
  type ImportKind,
  type ImportRowDto,
} from "../../../shared/imports.js";
import { api, errorMessage } from "../../api/client.js";
import { PageHeader } from "../../components/PageHeader.js";

type Show = "all" | "invalid" | "new" | "update";

const TEXT: Record<ImportKind, { title: string; back: string; backLabel: string; noun: string }> = {
  clients: { title: "Importar clientes", back: "/clientes", backLabel: "Clientes", noun: "clientes" },
  services: { title: "Importar serviços", back: "/servicos", backLabel: "Serviços", noun: "serviços" },
};

const ACTION_TAG: Record<ImportRowDto["action"], { color: string; label: string }> = {
  new: { color: "green", label: "Novo" },
  update: { color: "blue", label: "Atualizar" },
  invalid: { color: "red", label: "Com erro" },
};

const fmt = (n: number) => new Intl.NumberFormat("pt-BR").format(n);

/**
 * Clientes › Importar (/clientes/importar) and Serviços › Importar (/servicos/importar):
 * Arquivo → Colunas → Prévia → Importação. Nothing is written before "Importar"; the import then
 * commits batch after batch and the bar follows the rows committed.
 */
export default function ImportPage({ kind }: { kind: ImportKind }) {
  const t = TEXT[kind];
  const [step, setStep] = useState(0);
  const [dto, setDto] = useState<ImportDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mapping, setMapping] = useState<Record<string, number | null>>({});
  const [show, setShow] = useState<Show>("all");
  const [page, setPage] = useState(1);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const upload = (file: File) =>
    run(async () => {
      const form = new FormData();
      form.append(IMPORT_UPLOAD_FIELD, file, file.name);
      const d = await api.post<ImportDto>("/api/imports", form, { query: { kind } });
      setDto(d);
      setMapping(d.mapping);
      setStep(1);
    });

  const loadPage = (id: string, s: Show, p: number) =>
    run(async () => {
      setDto(await api.get<ImportDto>(`/api/imports/${id}`, { query: { show: s, page: p, pageSize: 50 } }));
      setShow(s);
      setPage(p);
    });

  const saveMapping = () =>
    run(async () => {
      if (!dto) return;
      const d = await api.put<ImportDto>(`/api/imports/${dto.id}/mapping`, { mapping });
      setDto(d);
      setShow("all");
      setPage(1);
      setStep(2);
    });

  const importAll = () =>
    run(async () => {
      if (!dto) return;
      setStep(3);
      let d = dto;
      // one batch per request, each in its own transaction; the bar follows the rows committed
      while (d.status !== "done") {
        d = await api.post<ImportDto>(`/api/imports/${dto.id}/run`);
        setDto(d);
      }
    });

  const fields = IMPORT_FIELDS[kind];
  const headerOptions = [
    { value: -1, label: "— não importar —" },
    ...(dto?.headers ?? []).map((h, i) => ({ value: i, label: h })),
  ];

  return (
    <div style={{ maxWidth: 1200 }}>
      <PageHeader
        title={t.title}
        breadcrumb={t.backLabel}
        extra={
          <Link to={t.back}>
            <Button>Voltar para {t.backLabel}</Button>
          </Link>
        }
      />
      <Steps
        current={step}
        size="small"
        responsive
        style={{ marginBottom: 16 }}
        items={[{ title: "Arquivo" }, { title: "Colunas" }, { title: "Prévia" }, { title: "Importação" }]}
      />
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 16 }}
          role="alert"
          closable
          onClose={() => setError(null)}
        />
      )}

      {step === 0 && (
        <Card>
          <Upload.Dragger
            accept=".csv,.xlsx"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined aria-hidden />
            </p>
            <p className="ant-upload-text">Clique ou arraste a planilha (.xlsx ou .csv)</p>
            <p className="ant-upload-hint">
              CSV separado por ";" ou ",", em UTF-8 ou Windows-1252 (como o Excel, o Domínio e o Alterdata
              exportam). Até 10 MB e 20.000 linhas. Nada é gravado antes de você conferir a prévia.
            </p>
          </Upload.Dragger>
        </Card>
      )}

      {step === 1 && dto && (
        <Card title={`Colunas de "${dto.fileName}"`}>
          <Typography.Paragraph type="secondary">
            Conferimos os nomes do cabeçalho; ajuste o que precisar. {fmt(dto.counts.total)} linhas de dados.
          </Typography.Paragraph>
          <div
            style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(260px, 1fr))", gap: 12 }}
          >
            {fields.map((f) => (
              <div key={f.key} style={{ display: "flex", flexDirection: "column", gap: 4 }}>
                <span>
                  {f.label}
                  {f.required && <Typography.Text type="danger"> *</Typography.Text>}
                </span>
                <Select
                  aria-label={f.label}
                  value={mapping[f.key] ?? -1}
                  options={headerOptions}
                  onChange={(v: number) => setMapping((m) => ({ ...m, [f.key]: v < 0 ? null : v }))}
                />
              </div>
            ))}
          </div>
          <Flex gap={8} style={{ marginTop: 16 }} wrap>
            <Button onClick={() => setStep(0)}>Outro arquivo</Button>
            <Button type="primary" loading={busy} onClick={saveMapping}>
              Ver prévia
            </Button>
          </Flex>
        </Card>
      )}

      {step === 2 && dto && (
        <Card>
          <Flex gap={24} wrap style={{ marginBottom: 16 }}>
            <Statistic title="Novos" value={dto.counts.new} />
            <Statistic title="Atualizados" value={dto.counts.update} />
            <Statistic
              title="Com erro (não importados)"
              value={dto.counts.invalid}
              valueStyle={dto.counts.invalid ? { color: "#cf1322" } : undefined}
            />
          </Flex>
          <Segmented<Show>
            value={show}
            onChange={(v) => void loadPage(dto.id, v, 1)}
            options={[
              { value: "all", label: "Todas" },
              { value: "invalid", label: "Com erro" },
              { value: "new", label: "Novos" },
              { value: "update", label: "Atualizados" },
            ]}
            style={{ marginBottom: 12 }}
          />
          <Table<ImportRowDto>
            size="small"
            rowKey="line"
            dataSource={dto.rows}
            loading={busy}
            scroll={{ x: 900 }}
            pagination={{
              current: page,
              pageSize: 50,
              total: dto.rowsTotal,
              showSizeChanger: false,
              onChange: (p) => void loadPage(dto.id, show, p),
            }}
            columns={[
              { title: "Linha", dataIndex: "line", width: 70 },
              {
                title: "Situação",
                dataIndex: "action",
                width: 110,
                render: (a: ImportRowDto["action"]) => (
                  <Tag color={ACTION_TAG[a].color}>{ACTION_TAG[a].label}</Tag>
                ),
              },
              ...fields
                .filter((f) => (dto.mapping[f.key] ?? null) !== null)
                .slice(0, 4)
                .map((f) => ({
                  title: f.label,
                  key: f.key,
                  ellipsis: true,
                  render: (_: unknown, r: ImportRowDto) => r.values[f.key],
                })),
              {
                title: "Erros",
                key: "errors",
                width: 340,
                render: (_: unknown, r: ImportRowDto) => (
                  <Space direction="vertical" size={0}>
                    {Object.entries(r.errors).map(([k, m]) => (
                      <Typography.Text key={k} type="danger" style={{ fontSize: 12 }}>
                        {fields.find((f) => f.key === k)?.label ?? "Linha"}: {m}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
          <Flex gap={8} style={{ marginTop: 16 }} wrap>
            <Button onClick={() => setStep(1)}>Voltar às colunas</Button>
            <Button
              type="primary"
              loading={busy}
              disabled={dto.counts.new + dto.counts.update === 0}
              onClick={importAll}
            >
              Importar {fmt(dto.counts.new + dto.counts.update)} linhas válidas
            </Button>
          </Flex>
        </Card>
      )}

      {step === 3 && dto && (
        <Card>
          {dto.status !== "done" ? (
            <>
              <Typography.Paragraph>Importando {t.noun}…</Typography.Paragraph>
              <Progress
                percent={Math.floor((dto.progress.processed / Math.max(1, dto.progress.total)) * 100)}
                aria-label="Progresso da importação"
              />
              {error && (
                <Button onClick={importAll} style={{ marginTop: 12 }}>
                  Continuar a importação
                </Button>
              )}
            </>
          ) : (
            <Result
              status="success"
              title="Importação concluída"
              subTitle={`${fmt(dto.progress.created)} novos, ${fmt(dto.progress.updated)} atualizados, ${fmt(dto.progress.skipped)} linhas com erro não importadas.`}
              extra={[
                <Link key="back" to={t.back}>
                  <Button type="primary">Ver {t.noun}</Button>
                </Link>,
                <Button
                  key="again"
                  onClick={() => {
                    setDto(null);
                    setStep(0);
                  }}
                >
                  Importar outro arquivo
                </Button>,
              ]}
            />
          )}
        </Card>
      )}
    </div>
  );
}

export function ClientsImportPage() {
  return <ImportPage kind="clients" />;
}
export function ServicesImportPage() {
  return <ImportPage kind="services" />;
}
