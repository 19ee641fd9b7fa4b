import type { AuthStatus, ChangePassword, Login, Me, Signup, Workspace } from '@foretell/contracts';
import { apiCall } from '../../../lib/http';

/** Whether anyone has an account yet, and whether sign-up is open. */
export function getAuthStatus(signal?: AbortSignal): Promise<AuthStatus> {
  return apiCall('authStatus', {}, { signal });
}

/** The API answers with who is signed in and sets the session cookies. */
export function signUp(body: Signup): Promise<Me> {
  return apiCall('signup', { body });
}

export function signIn(body: Login): Promise<Me> {
  return apiCall('login', { body });
}

export function signOut(): Promise<void> {
  return apiCall('logout', {});
}

/** Ends every session of the user, this one included. */
export function signOutEverywhere(): Promise<void> {
  return apiCall('logoutEverywhere', {});
}

/** Every other session of the user ends; this one stays signed in. */
export function changePassword(body: ChangePassword): Promise<void> {
  return apiCall('changePassword', { body });
}

export function getMe(signal?: AbortSignal): Promise<Me> {
  return apiCall('me', {}, { signal });
}

/** The session looks at another of the user's workspaces from now on. */
export function switchWorkspace(workspaceId: string): Promise<Me> {
  return apiCall('switchWorkspace', { body: { workspaceId } });
}

export function createWorkspace(name: string): Promise<Workspace> {
  return apiCall('createWorkspace', { body: { name } });
}
