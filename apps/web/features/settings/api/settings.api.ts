import { apiKeySchema, createdApiKeySchema, memberSchema, type ApiKey, type CreateApiKey, type CreatedApiKey, type Member, type Role } from '@foretell/contracts';
import { apiRequest } from '../../../lib/http';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export function listMembers(signal?: AbortSignal): Promise<Member[]> {
  return apiRequest('/api/members', memberSchema.array(), { signal });
}

/** Adds an existing account by email; answers the members after the change (so do the two below). */
export function addMember(email: string, role: Role): Promise<Member[]> {
  return apiRequest('/api/members', memberSchema.array(), json('POST', { email, role }));
}

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
