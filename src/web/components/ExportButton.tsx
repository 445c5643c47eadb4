import { DownloadOutlined, FileExcelOutlined, FileTextOutlined } from "@ant-design/icons";
import { Button, Dropdown } from "antd";
import { buildQuery } from "../api/client.js";

/**
 * "Exportar": the list as the person filtered and sorted it, to CSV or Excel. The browser downloads
 * the streamed file itself (its own progress bar), with the session cookie; page and page size are
 * left out, so every matching row goes out.
 */
export function ExportButton({
  path,
  query,
  compact = false,
}: {
  path: string;
  query: Record<string, string | number | undefined>;
  compact?: boolean;
}) {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  const href = (format: "csv" | "xlsx") => `${path}${buildQuery({ ...filters, format })}`;
  return (
    <Dropdown
      trigger={["click"]}
      menu={{
        items: [
          {
            key: "csv",
            icon: <FileTextOutlined aria-hidden />,
            label: (
              <a href={href("csv")} download="">
                Exportar CSV
              </a>
            ),
          },
          {
            key: "xlsx",
            icon: <FileExcelOutlined aria-hidden />,
            label: (
              <a href={href("xlsx")} download="">
                Exportar Excel
              </a>
            ),
          },
        ],
      }}
    >
      <Button icon={<DownloadOutlined aria-hidden />} aria-label="Exportar">
        {compact ? null : "Exportar"}
      </Button>
    </Dropdown>
  );
}
