import { type LoginBody, type Me, routes } from '@openseal/contract';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { ApiError } from '../api/api-error.ts';

export type SessionState =
  | { status: 'checking' }
  /** `expired`: the session could not be used for a change (CSRF token lost on reload); sign in again. */
  | { status: 'signed-out'; reason?: 'expired' }
  | { status: 'signed-in'; user: Me }
  | { status: 'failed'; error: unknown };

export interface SessionValue {
  state: SessionState;
  login(credentials: LoginBody): Promise<void>;
  logout(): Promise<void>;
  /** Reloads the signed-in user (after enrolling a second factor or choosing a new password). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  useEffect(() => {
    // After a reload the CSRF token comes back with routes.me, so writes keep working.
    api.call(routes.me).then(
      ({ user, csrfToken }) => {
        api.setCsrfToken(csrfToken);
        setState({ status: 'signed-in', user });
      },
      (error: unknown) => {
        // 401: no session. 404: the server has no auth module yet; either way, show the login page.
        if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
          setState({ status: 'signed-out' });
        } else {
          setState({ status: 'failed', error });
        }
      },
    );
  }, [api]);

  useEffect(
    () =>
      api.onCsrfRejected(() => {
        api.setCsrfToken(null);
        setState({ status: 'signed-out', reason: 'expired' });
      }),
    [api],
  );

  const value = useMemo<SessionValue>(
    () => ({
      state,
      login: async (credentials) => {
        const answer = await api.call(routes.login, { body: credentials });
        api.setCsrfToken(answer.csrfToken);
        setState({ status: 'signed-in', user: answer.user });
      },
      refresh: async () => {
        const { user, csrfToken } = await api.call(routes.me);
        api.setCsrfToken(csrfToken);
        setState({ status: 'signed-in', user });
      },
      logout: async () => {
        // One sign-out for every session: one opened through campus identity also ends at the
        // provider (its end-session or CAS logout page), so the next person at this browser must
        // sign in there again rather than be let straight back in.
        let providerLogout: string | null = null;
        try {
          providerLogout = (await api.call(routes.ssoLogout)).redirectUrl;
        } finally {
          api.setCsrfToken(null);
          setState({ status: 'signed-out' });
        }
        if (providerLogout) window.location.assign(providerLogout);
      },
    }),
    [api, state],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() outside <SessionProvider>');
  return value;
}
