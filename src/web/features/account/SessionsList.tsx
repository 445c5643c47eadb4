import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, List, Popconfirm, Skeleton, Tag, Typography } from "antd";
import type { SessionDto } from "../../../shared/accounts.js";
import { api, errorMessage } from "../../api/client.js";
import { formatDateTime } from "../../components/format.js";

const KEY = ["account", "sessions"] as const;

/** Sessões ativas: device, address, last seen; end one or all the others. */
export function SessionsList() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<SessionDto[]>("/api/account/sessions", { signal }),
  });

  async function end(path: string, method: "DELETE" | "POST") {
    try {
      if (method === "DELETE") await api.delete(path);
      else await api.post(path);
      message.success("Sessão encerrada.");
    } catch (e) {
      message.error(errorMessage(e));
    }
    await queryClient.invalidateQueries({ queryKey: KEY });
  }

  if (sessions.isPending) return <Skeleton active />;
  if (sessions.isError) return <Alert type="error" showIcon title={errorMessage(sessions.error)} />;
  const others = sessions.data.filter((s) => !s.current).length;
  return (
    <Card
      title="Onde sua conta está conectada"
      extra={
        <Popconfirm
          title="Encerrar todas as outras sessões?"
          okText="Encerrar"
          cancelText="Cancelar"
          onConfirm={() => end("/api/account/sessions/end-others", "POST")}
          disabled={others === 0}
        >
          <Button danger disabled={others === 0}>
            Encerrar todas as outras
          </Button>
        </Popconfirm>
      }
    >
      <List
        dataSource={sessions.data}
        rowKey="id"
        renderItem={(s) => (
          <List.Item
            actions={
              s.current
                ? []
                : [
                    <Popconfirm
                      key="end"
                      title="Encerrar esta sessão?"
                      okText="Encerrar"
                      cancelText="Cancelar"
                      onConfirm={() => end(`/api/account/sessions/${s.id}`, "DELETE")}
                    >
                      <Button size="small">Encerrar</Button>
                    </Popconfirm>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <>
                  {s.device} {s.current && <Tag color="blue">Esta sessão</Tag>}
                </>
              }
              description={
                <Typography.Text type="secondary">
                  {s.ipAddress ? `Endereço ${s.ipAddress} · ` : ""}Visto por último em{" "}
                  {formatDateTime(s.lastSeenAt)} · Entrou em {formatDateTime(s.createdAt)}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
