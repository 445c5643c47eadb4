import type { UseQueryResult } from "@tanstack/react-query";
import { Alert, Skeleton } from "antd";
import type { ReactNode } from "react";
import { errorMessage, isApiError } from "../api/client.js";

/**
 * The page behind a link from an e-mail (invitation, sign-up confirmation, password reset): a skeleton
 * while the token is looked up, a warning when it cannot be used (unknown, used, expired), else the page.
 */
export function TokenLinkState<T>({
  query,
  title,
  notFound,
  after,
  children,
}: {
  query: UseQueryResult<T>;
  /** heading of the warning, e.g. "Não é possível usar este link" */
  title: string;
  /** what to say for an unknown or malformed token (404/400); else the server's message */
  notFound?: string;
  /** shown after the message, e.g. a link to the login */
  after?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Skeleton active />;
  if (query.isError) {
    const unknown = isApiError(query.error) && (query.error.status === 404 || query.error.status === 400);
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        title={title}
        description={
          <>
            {notFound && unknown ? notFound : errorMessage(query.error)}
            {after && <> {after}</>}
          </>
        }
      />
    );
  }
  return children(query.data);
}
