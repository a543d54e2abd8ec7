import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '@onething/case-model/roles';
import { api, ApiError } from '../api/client';

export type { Role } from '@onething/case-model/roles';

export interface SessionUser {
  id: string;
  login: string;
  /** The first of the account's roles: what the navigation starts from. */
  role: Role;
  roles: Role[];
  departmentId?: string;
  departments: string[];
}

interface MeView {
  id: string;
  username: string;
  roles: string[];
  departments: string[];
}

export interface SessionValue {
  user: SessionUser | null;
  /** Still asking the API who the cookie belongs to. */
  loading: boolean;
  signIn: (login: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);
const ME_KEY = ['session', 'me'] as const;

function userOf(me: MeView): SessionUser {
  const roles = me.roles as Role[];
  return {
    id: me.id,
    login: me.username,
    role: roles[0] ?? 'applicant',
    roles,
    departments: me.departments,
    ...(me.departments[0] ? { departmentId: me.departments[0] } : {}),
  };
}

async function whoAmI(): Promise<SessionUser | null> {
  try {
    return userOf(await api<MeView>('GET', '/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/**
 * Another person's data must not survive a change of user; the session query itself stays (its observer
 * is mounted: clearing it would leave the provider watching a query no longer in the cache).
 */
function forgetOtherQueries(queries: QueryClient): void {
  queries.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const me = useQuery({ queryKey: ME_KEY, queryFn: whoAmI, staleTime: 60_000, retry: false });
  const signIn = useCallback(
    async (login: string, password: string) => {
      const user = userOf(await api<MeView>('POST', '/auth/session', { username: login, password }));
      forgetOtherQueries(queries);
      queries.setQueryData(ME_KEY, user);
      return user;
    },
    [queries],
  );
  const signOut = useCallback(async () => {
    try {
      await api<void>('DELETE', '/auth/session');
    } finally {
      forgetOtherQueries(queries);
      queries.setQueryData(ME_KEY, null);
    }
  }, [queries]);
  const value = useMemo<SessionValue>(
    () => ({ user: me.data ?? null, loading: me.isPending, signIn, signOut }),
    [me.data, me.isPending, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

export function hasAnyRole(user: SessionUser | null, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}

/** Renders its children for a signed-in user with one of `roles`; otherwise sends them to sign in. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return null;
  if (!user)
    return (
      <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  if (!hasAnyRole(user, roles)) return <Navigate to="/" replace />;
  return <>{children}</>;
}
