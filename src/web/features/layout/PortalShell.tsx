import { App } from "antd";
import PortalLayout from "../portal/PortalLayout.js";

/** The client portal inside antd's App (see OfficeShell: kept out of the login page). */
export default function PortalShell() {
  return (
    <App>
      <PortalLayout />
    </App>
  );
}
