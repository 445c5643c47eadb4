import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, Card, Descriptions, Flex, Skeleton, Space, Typography } from "antd";
import { Link, useParams, useSearchParams } from "react-router";
import { errorMessage } from "../../api/client.js";
import { formatDateTime } from "../../components/format.js";
import { StatusTag } from "../../components/StatusTag.js";
import { TicketConversation } from "../chat/TicketConversation.js";
import { usePortalHistory, usePortalTicket } from "./api.js";

/** /portal/atendimentos/:id — the request, and the conversation with the office. */
export default function PortalTicketPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const empresa = params.get("empresa");
  const ticket = usePortalTicket(id);
  const t = ticket.data;
  const back = empresa ? `/portal?empresa=${encodeURIComponent(empresa)}` : "/portal";

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Link to={back} style={{ alignSelf: "flex-start" }}>
        <ArrowLeftOutlined aria-hidden /> Voltar aos atendimentos
      </Link>
      {ticket.isError ? (
        <Alert type="error" showIcon title={errorMessage(ticket.error)} />
      ) : !t ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <Flex align="center" gap={12} wrap>
            <Typography.Title level={3} style={{ margin: 0, overflowWrap: "anywhere" }}>
              Atendimento {t.protocol} — {t.subject}
            </Typography.Title>
            <StatusTag status={t.status} />
          </Flex>
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: "client", label: "Empresa", children: t.client.name },
                { key: "service", label: "Serviço", children: t.service ?? "—" },
                { key: "assignee", label: "Responsável", children: t.assignee ?? "—" },
                { key: "createdAt", label: "Aberto em", children: formatDateTime(t.createdAt) },
                { key: "updatedAt", label: "Atualizado", children: formatDateTime(t.updatedAt) },
              ]}
            />
            {t.description && (
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: "8px 0 0" }}>
                {t.description}
              </Typography.Paragraph>
            )}
          </Card>
          <Card styles={{ body: { paddingTop: 4 } }}>
            <TicketConversation ticket={t} side="client" useHistory={usePortalHistory} />
          </Card>
        </>
      )}
    </Space>
  );
}
