import { ReloadOutlined } from "@ant-design/icons";
import { Button, Tooltip } from "antd";

/** "Atualizar": refetches a list; spins while a background refetch runs. */
export function RefreshButton({ onClick, loading }: { onClick: () => void; loading: boolean }) {
  return (
    <Tooltip title="Atualizar">
      <Button
        aria-label="Atualizar"
        icon={<ReloadOutlined aria-hidden />}
        onClick={onClick}
        loading={loading}
      />
    </Tooltip>
  );
}
