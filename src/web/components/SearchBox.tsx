import { CloseCircleFilled, SearchOutlined } from "@ant-design/icons";
import { Button, Input } from "antd";
import { useEffect, useRef, useState } from "react";

/**
 * The search box of a filter bar: typed freely and applied after a pause (or on Enter); follows
 * `value` when the filter changes elsewhere (URL, "Limpar filtros").
 */
export function SearchBox({
  value,
  onSearch,
  placeholder,
  width,
}: {
  value: string;
  onSearch: (q: string) => void;
  placeholder: string;
  width: number | string;
}) {
  const [q, setQ] = useState(value);
  const latest = useRef(onSearch);
  latest.current = onSearch;
  useEffect(() => setQ(value), [value]);
  useEffect(() => {
    if (q.trim() === value.trim()) return;
    const timer = setTimeout(() => latest.current(q), 400);
    return () => clearTimeout(timer);
  }, [q, value]);

  return (
    <Input.Search
      aria-label="Buscar"
      // antd's button is named by its icon ("search"); the field is "Buscar", its button "Pesquisar"
      enterButton={<Button aria-label="Pesquisar" icon={<SearchOutlined aria-hidden />} />}
      placeholder={placeholder}
      allowClear={{ clearIcon: <CloseCircleFilled aria-label="Limpar" /> }}
      value={q}
      onChange={(e) => setQ(e.target.value)}
      onSearch={(v) => latest.current(v)}
      style={{ width, maxWidth: "100%" }}
    />
  );
}
