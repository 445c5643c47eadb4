import { CheckCircleFilled, ClockCircleOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, List, Progress, Typography } from "antd";
import { Link } from "react-router";
import { ONBOARDING_LABELS, type OnboardingDto } from "../../../shared/signup.js";
import { api } from "../../api/client.js";

/** Primeiros passos: on the first screen of a new office's admin until done or dismissed. */
export function OnboardingChecklist() {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["onboarding"],
    queryFn: ({ signal }) => api.get<OnboardingDto>("/api/onboarding", { signal }),
    staleTime: 30_000,
  });
  const dismiss = useMutation({
    mutationFn: () => api.post<OnboardingDto>("/api/onboarding/dismiss", {}),
    onSuccess: (d) => qc.setQueryData(["onboarding"], d),
  });
  if (!q.data?.visible) return null;
  const done = q.data.steps.filter((s) => s.done).length;
  return (
    <Card
      title="Primeiros passos do escritório"
      style={{ marginBottom: 16 }}
      extra={
        <Button type="link" onClick={() => dismiss.mutate()} loading={dismiss.isPending}>
          Ocultar
        </Button>
      }
      aria-label="Primeiros passos do escritório"
    >
      <Progress
        percent={Math.round((done / q.data.steps.length) * 100)}
        format={() => `${done} de ${q.data.steps.length}`}
      />
      <List
        dataSource={q.data.steps}
        renderItem={(s) => {
          const l = ONBOARDING_LABELS[s.key];
          return (
            <List.Item data-step={s.key} data-done={s.done}>
              <List.Item.Meta
                avatar={
                  s.done ? (
                    <CheckCircleFilled style={{ color: "#389e0d" }} aria-label="Feito" />
                  ) : (
                    <ClockCircleOutlined aria-label="A fazer" />
                  )
                }
                title={
                  s.done ? (
                    <Typography.Text delete>{l.title}</Typography.Text>
                  ) : (
                    <Link to={l.path}>{l.title}</Link>
                  )
                }
                description={l.hint}
              />
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
