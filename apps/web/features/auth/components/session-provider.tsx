'use client';

import { usePathname } from 'next/navigation';
import { createContext, useContext, type ReactNode } from 'react';
import type { Me, Role } from '@foretell/contracts';
import { loginRedirect } from '../../../lib/http';
import { useResource, type Resource } from '../../../lib/use-resource';
import { getMe } from '../api/auth.api';

const SessionContext = createContext<Resource<Me> | null>(null);

/**
 * Who is signed in and in which workspace, loaded once per page load for the header menu and the role checks.
 * Not loaded on the sign-in and sign-up pages (a 401 there would send the user to where they already are).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const me = useResource(loginRedirect(pathname) === null ? null : 'me', getMe);
  return <SessionContext.Provider value={me}>{children}</SessionContext.Provider>;
}

export function useSession(): Resource<Me> | null {
  return useContext(SessionContext);
}

/** The caller's role in the current workspace; undefined while loading. */
export function useRole(): Role | undefined {
  return useSession()?.data?.workspace.role;
}

/**
 * Whether to offer actions that write (upload, run, schedule, append). Viewers only read: the API refuses their
 * writes anyway, so the dashboard hides them and says why. While the role loads, the actions stay.
 */
export function useCanWrite(): boolean {
  return useRole() !== 'viewer';
}

/** Stands in for a form a viewer cannot use. */
export function ViewerNote({ children }: { children: ReactNode }) {
  return (
    <p className="alert alert-info" data-viewer-note>
      <span>
        You are a viewer in this workspace: {children} Ask an owner for the member role.
      </span>
    </p>
  );
}
