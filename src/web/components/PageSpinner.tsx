import { Spin } from "antd";

/** The spinner shown while a page's chunk loads (kept out of AppLayout so the login does not load it). */
export function PageSpinner() {
  return (
    <div style={{ display: "flex", justifyContent: "center", padding: 80 }}>
      <Spin size="large" />
    </div>
  );
}
