'use client';

import { useState, type FormEvent } from 'react';
import { ROLES, inviteSchema, type Invitation, type Member, type Role } from '@foretell/contracts';
import { formatMoment } from '../../../lib/format';
import { useAction } from '../../../lib/use-action';
import { useResource } from '../../../lib/use-resource';
import { useRole, useSession } from '../../auth/components/session-provider';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ErrorState, ListStates } from '../../ui/components/states';
import { invite, listInvitations, listMembers, removeMember, revokeInvitation, setMemberRole } from '../api/settings.api';
import { LabelledSelect } from '../../ui/components/labelled-input';

const ROLE_HELP: Record<Role, string> = {
  owner: 'everything, and manages members and API keys',
  member: 'uploads, runs, schedules',
  viewer: 'reads only',
};

/** The workspace's members; owners invite people by e-mail, see and revoke pending invitations, change roles and remove members. */
export function MembersView() {
  const members = useResource('members', listMembers);
  const owner = useRole() === 'owner';
  const invitations = useResource(owner ? 'invitations' : null, listInvitations);
  const [invited, setInvited] = useState<string | null>(null);
  const me = useSession()?.data;
  const { busy, error, setError, run } = useAction();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');

  /** An action on members or invitations; both lists are read again after it. */
  function act(key: string, action: () => Promise<unknown>): Promise<boolean> {
    return run(key, async () => {
      await action();
      members.reload();
      invitations.reload();
    });
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    setInvited(null);
    const checked = inviteSchema.safeParse({ email, role });
    if (!checked.success) {
      setError(`Email: ${checked.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    if (await act('add', () => invite(checked.data))) {
      setInvited(checked.data.email);
      setEmail('');
    }
  }

  function revoke(i: Invitation) {
    if (window.confirm(`Revoke the invitation of ${i.email}?`)) void act(i.id, () => revokeInvitation(i.id));
  }

  function remove(m: Member) {
    const question = `Remove ${m.email} from this workspace? Their sessions here end; the API keys they created and the invitations they sent here are revoked.`;
    if (window.confirm(question)) void act(m.userId, () => removeMember(m.userId));
  }

  const invitationRow = (i: Invitation) => ({ 'data-invitation': i.email });
  const invitationColumns: Column<Invitation>[] = [
    { key: 'email', header: 'Invited', rowHeader: true, sortValue: (i) => i.email, cell: (i) => i.email },
    { key: 'role', header: 'Role', sortValue: (i) => i.role, cell: (i) => i.role },
    { key: 'expires', header: 'Expires', sortValue: (i) => i.expiresAt, cell: (i) => <time dateTime={i.expiresAt}>{formatMoment(i.expiresAt)}</time> },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      className: 'actions',
      cell: (i) => (
        <button type="button" className="btn btn-small btn-danger" disabled={busy === i.id} onClick={() => revoke(i)}>
          Revoke<span className="visually-hidden"> the invitation of {i.email}</span>
        </button>
      ),
    },
  ];
  const memberColumns: Column<Member>[] = [
    {
      key: 'email',
      header: 'Email',
      rowHeader: true,
      sortValue: (m) => m.email,
      cell: (m) => (
        <>
          {m.email}
          {m.userId === me?.user?.id && <span className="muted small"> (you)</span>}
        </>
      ),
    },
    { key: 'name', header: 'Name', sortValue: (m) => m.name, cell: (m) => m.name ?? '—' },
    {
      key: 'role',
      header: 'Role',
      sortValue: (m) => m.role,
      cell: (m) =>
        owner ? (
          <select
            aria-label={`Role of ${m.email}`}
            value={m.role}
            disabled={busy === m.userId}
            onChange={(e) => void act(m.userId, () => setMemberRole(m.userId, e.target.value as Role))}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        ) : (
          m.role
        ),
    },
    { key: 'added', header: 'Added', sortValue: (m) => m.createdAt, cell: (m) => <time dateTime={m.createdAt}>{formatMoment(m.createdAt)}</time> },
    ...(owner
      ? [
          {
            key: 'actions',
            header: <span className="visually-hidden">Actions</span>,
            className: 'actions',
            cell: (m: Member) => (
              <button type="button" className="btn btn-small btn-danger" disabled={busy === m.userId} onClick={() => remove(m)}>
                Remove<span className="visually-hidden"> {m.email}</span>
              </button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted">
            Who can use “{me?.workspace.name ?? 'this workspace'}”. Owners: {ROLE_HELP.owner}; members: {ROLE_HELP.member}; viewers:{' '}
            {ROLE_HELP.viewer}.
          </p>
        </div>
      </header>
      {owner ? (
        <section className="card" aria-labelledby="add-member-title">
          <h2 id="add-member-title">Invite someone</h2>
          <form className="form" onSubmit={add} data-form="invite-member">
            <p className="muted small">
              They join once they accept: signed in with that e-mail, the invitation waits in their account menu for 7 days. No e-mail is
              sent, so tell them yourself.
            </p>
            <div className="form-row">
              <div className="field field-wide">
                <label htmlFor="member-email">Email</label>
                <input id="member-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
              </div>
              <LabelledSelect id="member-role" label="Role" value={role} onChange={setRole} options={ROLES.map((r) => [r, r] as const)} />
            </div>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy === 'add'}>
                {busy === 'add' ? 'Inviting…' : 'Invite'}
              </button>
            </div>
            {invited && (
              <p className="alert alert-info small" role="status">
                Invited {invited}.
              </p>
            )}
          </form>
          <ListStates list={invitations} loading="Loading invitations…" empty="No pending invitations.">
            {(items) => (
<DataTable name="invitations" caption="Pending invitations" columns={invitationColumns} rows={items} rowProps={invitationRow} />
            )}
          </ListStates>
        </section>
      ) : (
        me && <p className="alert alert-info">Only owners invite and remove members or change roles; yours is {me.workspace.role}.</p>
      )}
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {error && <ErrorState error={error} />}
        <ListStates list={members} loading="Loading members…" empty="No members.">
          {(items) => (
            <DataTable name="members" caption="Members" columns={memberColumns} rows={items} rowKey={(m) => m.userId} rowProps={(m) => ({ 'data-member': m.email })} />
          )}
        </ListStates>
      </section>
    </>
  );
}
