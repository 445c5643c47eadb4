/**
 * antd's icons carry English names (role="img" aria-label="eye-invisible"); these replace the ones
 * antd draws by default where no ConfigProvider setting reaches, hidden from screen readers
 * because the control around them has its own pt-BR name.
 */
import { ExclamationCircleFilled, EyeInvisibleOutlined, EyeOutlined } from "@ant-design/icons";

/** Input.Password's toggle (antd names the toggle "Mostrar"/"Ocultar" itself). */
export function passwordIcon(visible: boolean) {
  return visible ? <EyeOutlined aria-hidden /> : <EyeInvisibleOutlined aria-hidden />;
}

/** modal.confirm's icon: the title says what is asked. */
export const confirmIcon = <ExclamationCircleFilled aria-hidden />;
