import { App } from "antd";
import AppLayout from "./AppLayout.js";

/**
 * The office side inside antd's App (message, notification and modal hooks for its pages). App lives
 * here, not in main.tsx, so the login page does not load Modal, Notification and Message.
 */
export default function OfficeShell() {
  return (
    <App>
      <AppLayout />
    </App>
  );
}
