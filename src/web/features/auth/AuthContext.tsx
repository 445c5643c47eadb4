import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from "react";
import type { LoginResult } from "../../../shared/accounts.js";
import type { LoginInput, Me, SessionInfo, SessionState } from "../../../shared/api.js";
import { ApiError, api, setCsrfToken, setUnauthorizedHandler } from "../../api/client.js";
import { StatusPage } from "../../components/StatusPage.js";

const SESSION_KEY = ["auth", "session"] as const;

interface AuthValue {
  /** null when nobody is logged in */
  user: Me | null;
  loading: boolean;
  /** the password step: signed in, or the office picker / the two-factor code comes next */
  login: (input: LoginInput) => Promise<LoginResult>;
  /** the next step of a login (office picker or two-factor code) */
  loginStep: (path: "/api/auth/login/office" | "/api/auth/login/totp", body: object) => Promise<LoginResult>;
  logout: () => Promise<void>;
  /** a session started elsewhere (accepting an invitation signs the person in) */
  adopt: (info: SessionInfo) => void;
}

const AuthContext = createContext<AuthValue | null>(null);

async function fetchSession(signal: AbortSignal): Promise<SessionInfo | null> {
  try {
    // signed out is a 200 with no user, not a 401 the browser would log as a failed request
    const session = await api.get<SessionState>("/api/auth/me", { signal, redirectOn401: false });
    setCsrfToken(session.csrfToken);
    return session.user ? session : null;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

  useEffect(() => {
    // Any API call answering 401 means the session ended: forget it, RequireAuth sends to /login.
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      queryClient.setQueryData(SESSION_KEY, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  const adopt = useCallback(
    (info: SessionInfo) => {
      setCsrfToken(info.csrfToken);
      // data of a previous user must not leak into this session
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, info);
    },
    [queryClient],
  );

  const finish = useCallback(
    (result: LoginResult) => {
      if (!("step" in result)) adopt(result);
      return result;
    },
    [adopt],
  );

  const login = useCallback(
    async (input: LoginInput) =>
      finish(await api.post<LoginResult>("/api/auth/login", input, { redirectOn401: false })),
    [finish],
  );

  const loginStep = useCallback(
    async (path: "/api/auth/login/office" | "/api/auth/login/totp", body: object) =>
      finish(await api.post<LoginResult>(path, body, { redirectOn401: false })),
    [finish],
  );

  const logout = useCallback(async () => {
    try {
      await api.post("/api/auth/logout", undefined, { redirectOn401: false });
    } catch (e) {
      // an expired session is already logged out
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    setCsrfToken(null);
    // not queryClient.clear(): it would drop the session query this provider observes, and the
    // null set after it would land in a new query nobody watches (the screen stayed signed in)
    queryClient.setQueryData(SESSION_KEY, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  }, [queryClient]);

  const value = useMemo<AuthValue>(
    () => ({ user: session.data?.user ?? null, loading: session.isPending, login, loginStep, logout, adopt }),
    [session.data, session.isPending, login, loginStep, logout, adopt],
  );

  if (session.isError) {
    // the API is unreachable: say so instead of showing a login form that cannot work
    return <SessionError onRetry={() => session.refetch()} message={session.error.message} />;
  }

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

function SessionError({ onRetry, message }: { onRetry: () => void; message: string }) {
  return (
    <StatusPage
      title="Não foi possível carregar o Atende"
      subtitle={message}
      action="Tentar novamente"
      onAction={onRetry}
    />
  );
}

export function useAuth(): AuthValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth must be used inside AuthProvider");
  return ctx;
}

/** The logged-in user; only for components rendered behind RequireAuth. */
export function useMe(): Me {
  const { user } = useAuth();
  if (!user) throw new Error("useMe used without a logged-in user");
  return user;
}
