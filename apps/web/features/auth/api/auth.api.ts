import {
  authStatusSchema,
  meSchema,
  workspaceSchema,
  type AuthStatus,
  type ChangePassword,
  type Login,
  type Me,
  type Signup,
  type Workspace,
} from '@foretell/contracts';
import { apiRequest } from '../../../lib/http';

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Whether anyone has an account yet, and whether sign-up is open. */
export function getAuthStatus(signal?: AbortSignal): Promise<AuthStatus> {
  return apiRequest('/api/auth/status', authStatusSchema, { signal });
}

/** The API answers with who is signed in and sets the session cookies. */
export function signUp(body: Signup): Promise<Me> {
  return apiRequest('/api/auth/signup', meSchema, json(body));
}

export function signIn(body: Login): Promise<Me> {
  return apiRequest('/api/auth/login', meSchema, json(body));
}

export function signOut(): Promise<void> {
  return apiRequest('/api/auth/logout', null, { method: 'POST' });
}

/** Ends every session of the user, this one included. */
export function signOutEverywhere(): Promise<void> {
  return apiRequest('/api/auth/logout-all', null, { method: 'POST' });
}

/** Every other session of the user ends; this one stays signed in. */
export function changePassword(body: ChangePassword): Promise<void> {
  return apiRequest('/api/auth/password', null, json(body));
}

export function getMe(signal?: AbortSignal): Promise<Me> {
  return apiRequest('/api/auth/me', meSchema, { signal });
}

/** The session looks at another of the user's workspaces from now on. */
export function switchWorkspace(workspaceId: string): Promise<Me> {
  return apiRequest('/api/auth/workspace', meSchema, json({ workspaceId }));
}

export function createWorkspace(name: string): Promise<Workspace> {
  return apiRequest('/api/workspaces', workspaceSchema, json({ name }));
}
