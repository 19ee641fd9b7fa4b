import {
  apiKeySchema,
  createdApiKeySchema,
  invitationSchema,
  memberSchema,
  receivedInvitationSchema,
  workspaceSchema,
  type ApiKey,
  type CreateApiKey,
  type CreatedApiKey,
  type Invitation,
  type Invite,
  type Member,
  type ReceivedInvitation,
  type Role,
  type Workspace,
} from '@foretell/contracts';
import { apiRequest } from '../../../lib/http';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export function listMembers(signal?: AbortSignal): Promise<Member[]> {
  return apiRequest('/api/members', memberSchema.array(), { signal });
}

/** Invites an e-mail (the answer is the same whether or not it has an account); nobody joins until they accept. */
export function invite(body: Invite): Promise<Invitation> {
  return apiRequest('/api/members/invitations', invitationSchema, json('POST', body));
}

export function listInvitations(signal?: AbortSignal): Promise<Invitation[]> {
  return apiRequest('/api/members/invitations', invitationSchema.array(), { signal });
}

export function revokeInvitation(id: string): Promise<void> {
  return apiRequest(`/api/members/invitations/${encodeURIComponent(id)}`, null, { method: 'DELETE' });
}

/** Invitations to the signed-in user, from any workspace. */
export function listMyInvitations(signal?: AbortSignal): Promise<ReceivedInvitation[]> {
  return apiRequest('/api/invitations', receivedInvitationSchema.array(), { signal });
}

export function acceptInvitation(id: string): Promise<Workspace> {
  return apiRequest(`/api/invitations/${encodeURIComponent(id)}/accept`, workspaceSchema, { method: 'POST' });
}

export function declineInvitation(id: string): Promise<void> {
  return apiRequest(`/api/invitations/${encodeURIComponent(id)}/decline`, null, { method: 'POST' });
}

/** Answers the members after the change (so does removeMember). */
export function setMemberRole(userId: string, role: Role): Promise<Member[]> {
  return apiRequest(`/api/members/${encodeURIComponent(userId)}`, memberSchema.array(), json('PATCH', { role }));
}

export function removeMember(userId: string): Promise<Member[]> {
  return apiRequest(`/api/members/${encodeURIComponent(userId)}`, memberSchema.array(), { method: 'DELETE' });
}

export function listApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  return apiRequest('/api/api-keys', apiKeySchema.array(), { signal });
}

/** The answer holds the key itself: the only time anyone sees it. */
export function createApiKey(body: CreateApiKey): Promise<CreatedApiKey> {
  return apiRequest('/api/api-keys', createdApiKeySchema, json('POST', body));
}

export function revokeApiKey(id: string): Promise<ApiKey> {
  return apiRequest(`/api/api-keys/${encodeURIComponent(id)}`, apiKeySchema, { method: 'DELETE' });
}
