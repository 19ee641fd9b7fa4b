import type { ApiKey, CreateApiKey, CreatedApiKey, Invitation, Invite, Member, ReceivedInvitation, RemovedMember, Role, Workspace } from '@foretell/contracts';
import { apiCall } from '../../../lib/http';

export function listMembers(signal?: AbortSignal): Promise<Member[]> {
  return apiCall('listMembers', {}, { signal });
}

/** Invites an e-mail (the answer is the same whether or not it has an account); nobody joins until they accept. */
export function invite(body: Invite): Promise<Invitation> {
  return apiCall('invite', { body });
}

export function listInvitations(signal?: AbortSignal): Promise<Invitation[]> {
  return apiCall('listInvitations', {}, { signal });
}

export function revokeInvitation(id: string): Promise<void> {
  return apiCall('revokeInvitation', { params: { invitationId: id } });
}

/** Invitations to the signed-in user, from any workspace. */
export function listMyInvitations(signal?: AbortSignal): Promise<ReceivedInvitation[]> {
  return apiCall('receivedInvitations', {}, { signal });
}

export function acceptInvitation(id: string): Promise<Workspace> {
  return apiCall('acceptInvitation', { params: { id } });
}

export function declineInvitation(id: string): Promise<void> {
  return apiCall('declineInvitation', { params: { id } });
}

/** Answers the members after the change. */
export function setMemberRole(userId: string, role: Role): Promise<Member[]> {
  return apiCall('updateMember', { params: { userId }, body: { role } });
}

export function removeMember(userId: string): Promise<RemovedMember> {
  return apiCall('removeMember', { params: { userId } });
}

export function listApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  return apiCall('listApiKeys', {}, { signal });
}

/** The answer holds the key itself: the only time anyone sees it. */
export function createApiKey(body: CreateApiKey): Promise<CreatedApiKey> {
  return apiCall('createApiKey', { body });
}

export function revokeApiKey(id: string): Promise<ApiKey> {
  return apiCall('revokeApiKey', { params: { id } });
}
