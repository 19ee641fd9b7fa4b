import { z } from 'zod';
import { displayNameSchema } from './names';

export const ROLES = ['owner', 'member', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** What each role may do: viewers read; members also upload, run and schedule; owners also manage members and keys. */
export const ROLE_RANK: Record<Role, number> = { viewer: 0, member: 1, owner: 2 };

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));
export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');
const nameSchema = displayNameSchema(100);

export const signupSchema = z
  .object({ email: emailSchema, password: passwordSchema, name: nameSchema.optional(), workspaceName: nameSchema.optional() })
  .strict();
export type Signup = z.infer<typeof signupSchema>;

export const loginSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) }).strict();
export type Login = z.infer<typeof loginSchema>;

export const workspaceSchema = z.object({ id: z.string(), name: z.string(), role: roleSchema });
export type Workspace = z.infer<typeof workspaceSchema>;

/** Who is calling, and in which workspace. */
export const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
  /** Set when the caller is an API key rather than a signed-in user. */
  apiKey: z.object({ id: z.string(), name: z.string() }).nullable(),
  workspace: workspaceSchema,
  workspaces: z.array(workspaceSchema),
});
export type Me = z.infer<typeof meSchema>;

/** Whether the installation has an account yet (the first sign-up creates the owner). */
export const authStatusSchema = z.object({ hasAccounts: z.boolean(), signupOpen: z.boolean() });
export type AuthStatus = z.infer<typeof authStatusSchema>;

export const switchWorkspaceSchema = z.object({ workspaceId: z.string().uuid() }).strict();
export const createWorkspaceSchema = z.object({ name: nameSchema }).strict();

export const memberSchema = z.object({ userId: z.string(), email: z.string(), name: z.string().nullable(), role: roleSchema, createdAt: z.string() });
export type Member = z.infer<typeof memberSchema>;
/**
 * The answer to removing a member: the members left, and what the removed user had left behind that ended with them:
 * the API keys they created in this workspace and the invitations they sent that were still pending.
 */
export const removedMemberSchema = z.object({
  members: z.array(memberSchema),
  revoked: z.object({ apiKeys: z.number().int(), invitations: z.number().int() }),
});
export type RemovedMember = z.infer<typeof removedMemberSchema>;
export const updateMemberSchema = z.object({ role: roleSchema }).strict();

/** An owner offers a role to an e-mail; the answer is the same whether or not it has an account. */
export const inviteSchema = z.object({ email: emailSchema, role: roleSchema }).strict();
export type Invite = z.infer<typeof inviteSchema>;
/** A pending invitation, as the workspace's owners see it. */
export const invitationSchema = z.object({ id: z.string(), email: z.string(), role: roleSchema, createdAt: z.string(), expiresAt: z.string() });
export type Invitation = z.infer<typeof invitationSchema>;
/** A pending invitation, as the person invited sees it once signed in. */
export const receivedInvitationSchema = z.object({
  id: z.string(),
  workspace: z.object({ id: z.string(), name: z.string() }),
  role: roleSchema,
  /** The inviting owner's e-mail, when that account still exists. */
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type ReceivedInvitation = z.infer<typeof receivedInvitationSchema>;

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema })
  .strict()
  .refine((body) => body.newPassword !== body.currentPassword, { path: ['newPassword'], message: 'must differ from currentPassword' });
export type ChangePassword = z.infer<typeof changePasswordSchema>;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The key's first characters, to tell keys apart; the key itself is shown once, at creation. */
  prefix: z.string(),
  role: roleSchema,
  /** The e-mail of the owner who created it; null when unknown (that account is deleted, or the key predates recording it). */
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;
export const createApiKeySchema = z.object({ name: nameSchema, role: z.enum(['member', 'viewer']).default('member') }).strict();
export type CreateApiKey = z.infer<typeof createApiKeySchema>;
/** The answer to creating a key: the only time `key` is shown. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

/** Cookie and header names shared by the API and the dashboard. */
export const AUTH = {
  sessionCookie: 'foretell_session',
  /** Readable by the page, echoed in `csrfHeader` on writes (double-submit): a cross-site form cannot read it. */
  csrfCookie: 'foretell_csrf',
  csrfHeader: 'x-csrf-token',
  apiKeyPrefix: 'ft_',
} as const;
