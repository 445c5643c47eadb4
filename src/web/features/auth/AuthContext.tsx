import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from "react";
import type { LoginInput, Me, SessionInfo, SessionState } from "../../../shared/api.js";
import { ApiError, api, setCsrfToken, setUnauthorizedHandler } from "../../api/client.js";
import { StatusPage } from "../../components/StatusPage.js";

const SESSION_KEY = ["auth", "session"] as const;

interface AuthValue {
  /** null when nobody is logged in */
  user: Me | null;
  loading: boolean;
  login: (input: LoginInput) => Promise<Me>;
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

  const login = useCallback(
    async (input: LoginInput) => {
      const info = await api.post<SessionInfo>("/api/auth/login", input, { redirectOn401: false });
      adopt(info);
      return info.user;
    },
    [adopt],
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
    () => ({ user: session.data?.user ?? null, loading: session.isPending, login, logout, adopt }),
    [session.data, session.isPending, login, logout, adopt],
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
