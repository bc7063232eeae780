/**
 * The session: access token in memory (see api-client), refresh through the httpOnly cookie
 * on start, on 401 and shortly before the token expires, logout that reaches every tab.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, hasSessionHint, onSessionChange, publishSession, refreshSession, unwrap, type SessionPayload } from './api-client';
import { clearKeptDrafts } from './drafts';
import type { LoginResponse, Role, User } from '@/types/api';

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous';

export interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  login(email: string, password: string): Promise<User>;
  logout(): Promise<void>;
  /**
   * Ends the session in this browser (every tab) without asking the API, as a logout: after
   * the account was deleted there is nothing left to sign out of, and no "session ended" to
   * report.
   */
  endSession(): void;
  /** Replaces the cached user after a profile change. */
  setUser(user: User): void;
  hasRole(...roles: Role[]): boolean;
  /**
   * The session ended without a logout of this browser: it expired, or the account was
   * deactivated, deleted or signed out everywhere. The shell says so until the next sign-in.
   */
  sessionEnded: boolean;
}

const AuthContext = createContext<AuthContextValue | null>(null);

const CHANNEL = 'ideenwerk.auth';

function openChannel(): BroadcastChannel | null {
  return typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL) : null;
}

export function AuthProvider({ children, skipInitialRefresh = false }: { children: ReactNode; skipInitialRefresh?: boolean }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<AuthStatus>(skipInitialRefresh ? 'anonymous' : 'loading');
  const [user, setUserState] = useState<User | null>(null);
  const [sessionEnded, setSessionEnded] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const channel = useRef<BroadcastChannel | null>(null);
  // Whether a session is on, and whether its end is a logout (this tab's or another's).
  const hadSession = useRef(false);
  const loggingOut = useRef(false);

  useEffect(() => {
    const apply = (session: SessionPayload | null) => {
      clearTimeout(timer.current);
      if (!session && hadSession.current && !loggingOut.current) setSessionEnded(true);
      hadSession.current = !!session;
      loggingOut.current = false;
      if (session) {
        setSessionEnded(false);
        setUserState(session.user as User);
        setStatus('authenticated');
        // Renew a little before the token runs out, so requests rarely meet a 401.
        const ms = Math.max(10, session.expiresIn * 0.8) * 1000;
        timer.current = setTimeout(() => void refreshSession(), ms);
      } else {
        setUserState(null);
        setStatus('anonymous');
      }
    };
    const off = onSessionChange(apply);
    channel.current = openChannel();
    if (channel.current) {
      channel.current.onmessage = (ev: MessageEvent) => {
        if (ev.data === 'logout') {
          loggingOut.current = true;
          clearKeptDrafts();
          publishSession(null);
          queryClient.clear();
        } else if (ev.data === 'login') {
          void refreshSession();
        }
      };
    }
    if (!skipInitialRefresh) {
      // Only a browser that holds a session asks to renew it.
      if (!hasSessionHint()) setStatus('anonymous');
      else
        void refreshSession().then((s) => {
          if (!s) setStatus((cur) => (cur === 'loading' ? 'anonymous' : cur));
        });
    }
    return () => {
      off();
      clearTimeout(timer.current);
      channel.current?.close();
    };
  }, [queryClient, skipInitialRefresh]);

  // Whatever was fetched before signing in or out (e.g. a 404 for an internal idea) is stale.
  // Refetched after the render that follows, so the queries of what the change unmounts or
  // disables (the notification badge on signing out) are not sent once more without a token.
  const signedIn = status === 'authenticated';
  const wasSignedIn = useRef(signedIn);
  useEffect(() => {
    if (signedIn === wasSignedIn.current) return;
    wasSignedIn.current = signedIn;
    void queryClient.invalidateQueries();
  }, [signedIn, queryClient]);

  const login = useCallback(
    async (email: string, password: string) => {
      const res: LoginResponse = await unwrap(api.POST('/auth/login', { body: { email, password } }));
      queryClient.clear();
      publishSession(res);
      channel.current?.postMessage('login');
      return res.user;
    },
    [queryClient],
  );

  const endSession = useCallback(() => {
    loggingOut.current = true;
    clearKeptDrafts();
    publishSession(null);
    queryClient.clear();
    channel.current?.postMessage('logout');
  }, [queryClient]);

  const logout = useCallback(async () => {
    try {
      await unwrap(api.POST('/auth/logout'));
    } catch {
      // The local session ends anyway; the server revokes on its next sight of the token.
    }
    endSession();
  }, [endSession]);

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      user,
      login,
      logout,
      endSession,
      setUser: (u: User) => setUserState(u),
      hasRole: (...roles: Role[]) => !!user && roles.some((r) => user.roles.includes(r)),
      sessionEnded,
    }),
    [status, user, login, logout, endSession, sessionEnded],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** For tests and stories: a fixed session without any network. */
export function StaticAuthProvider({ value, children }: { value: Partial<AuthContextValue> & { user: User | null }; children: ReactNode }) {
  const full: AuthContextValue = {
    status: value.user ? 'authenticated' : 'anonymous',
    login: async () => {
      throw new Error('not available');
    },
    logout: async () => {},
    endSession: () => {},
    setUser: () => {},
    hasRole: (...roles: Role[]) => !!value.user && roles.some((r) => value.user!.roles.includes(r)),
    sessionEnded: false,
    ...value,
  };
  return <AuthContext.Provider value={full}>{children}</AuthContext.Provider>;
}
