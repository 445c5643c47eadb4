import { ArrowDownOutlined, ArrowUpOutlined, InsertRowLeftOutlined } from "@ant-design/icons";
import { Button, Checkbox, Flex, Popover, Typography } from "antd";
import { type ColumnPrefs, LOCKED_COLUMNS, move, setHidden } from "./columnPrefs.js";
import { COLUMN_LABELS } from "./TicketTable.js";

interface Props {
  prefs: ColumnPrefs;
  onChange: (prefs: ColumnPrefs) => void;
  onReset: () => void;
}

/** "Colunas": show, hide and order the grid's columns (Opções first and Status last stay put). */
export function ColumnsButton({ prefs, onChange, onReset }: Props) {
  const content = (
    <Flex vertical gap={4} style={{ minWidth: 240 }} role="group" aria-label="Colunas do grid">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        Opções e Status ficam sempre visíveis, nas pontas.
      </Typography.Text>
      {prefs.order.map((col, i) => {
        const label = COLUMN_LABELS[col];
        const locked = LOCKED_COLUMNS.includes(col);
        return (
          <Flex key={col} align="center" justify="space-between" gap={8} data-column={col}>
            <Checkbox
              checked={!prefs.hidden.includes(col)}
              disabled={locked}
              onChange={(e) => onChange(setHidden(prefs, col, !e.target.checked))}
            >
              {label}
            </Checkbox>
            <span>
              <Button
                size="small"
                type="text"
                icon={<ArrowUpOutlined aria-hidden />}
                aria-label={`Mover ${label} para cima`}
                disabled={i === 0}
                onClick={() => onChange(move(prefs, col, -1))}
              />
              <Button
                size="small"
                type="text"
                icon={<ArrowDownOutlined aria-hidden />}
                aria-label={`Mover ${label} para baixo`}
                disabled={i === prefs.order.length - 1}
                onClick={() => onChange(move(prefs, col, 1))}
              />
            </span>
          </Flex>
        );
      })}
      <Button size="small" onClick={onReset} style={{ alignSelf: "flex-start", marginTop: 4 }}>
        Restaurar padrão
      </Button>
    </Flex>
  );
  return (
    <Popover content={content} title="Colunas" trigger="click" placement="bottomRight" destroyOnHidden>
      <Button icon={<InsertRowLeftOutlined aria-hidden />}>Colunas</Button>
    </Popover>
  );
}
