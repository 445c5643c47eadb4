import { CheckCircleFilled, ClockCircleOutlined, RightOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Flex, Grid, List, Progress, Tag, Typography } from "antd";
import { Link } from "react-router";
import { ONBOARDING_LABELS, type OnboardingDto } from "../../../shared/signup.js";
import { api } from "../../api/client.js";

/**
 * Primeiros passos: on the first screen of a new office's admin until done or dismissed. Each step
 * not done yet has links to the screen where it is done; the list is asked for again whenever the
 * first screen opens, so a step done elsewhere shows as done on return.
 */
export function OnboardingChecklist() {
  const qc = useQueryClient();
  const wide = Grid.useBreakpoint().md ?? true;
  const q = useQuery({
    queryKey: ["onboarding"],
    queryFn: ({ signal }) => api.get<OnboardingDto>("/api/onboarding", { signal }),
    staleTime: 0,
  });
  const dismiss = useMutation({
    mutationFn: () => api.post<OnboardingDto>("/api/onboarding/dismiss", {}),
    onSuccess: (d) => qc.setQueryData(["onboarding"], d),
  });
  if (!q.data?.visible) return null;
  const total = q.data.steps.length;
  const done = q.data.steps.filter((s) => s.done).length;
  return (
    <Card
      title="Primeiros passos do escritório"
      role="region"
      aria-label="Primeiros passos do escritório"
      extra={
        <Button
          type="link"
          onClick={() => dismiss.mutate()}
          loading={dismiss.isPending}
          title="Ocultar os primeiros passos (não voltam a aparecer)"
        >
          Ocultar
        </Button>
      }
    >
      <Progress
        percent={Math.round((done / total) * 100)}
        format={() => `${done} de ${total}`}
        aria-label={`${done} de ${total} passos feitos`}
      />
      <List
        dataSource={q.data.steps}
        renderItem={(s) => {
          const l = ONBOARDING_LABELS[s.key];
          const actions = s.done
            ? [
                <Tag key="done" color="success">
                  Feito
                </Tag>,
              ]
            : l.actions.map((a) => (
                <Link key={a.path} to={a.path}>
                  {a.label} <RightOutlined aria-hidden style={{ fontSize: 10 }} />
                </Link>
              ));
          // wide: the links on the right of the step; narrow: under its hint
          return (
            <List.Item data-step={s.key} data-done={s.done} actions={wide ? actions : undefined}>
              <List.Item.Meta
                avatar={
                  s.done ? (
                    <CheckCircleFilled style={{ color: "#389e0d", fontSize: 18 }} aria-label="Feito" />
                  ) : (
                    <ClockCircleOutlined style={{ fontSize: 18 }} aria-label="A fazer" />
                  )
                }
                title={s.done ? <Typography.Text delete>{l.title}</Typography.Text> : l.title}
                description={
                  wide ? (
                    l.hint
                  ) : (
                    <>
                      <div>{l.hint}</div>
                      <Flex wrap gap="4px 16px" style={{ marginTop: 4 }}>
                        {actions}
                      </Flex>
                    </>
                  )
                }
              />
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
