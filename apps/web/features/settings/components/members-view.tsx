'use client';

import { useState, type FormEvent } from 'react';
import { ROLES, addMemberSchema, type Member, type Role } from '@foretell/contracts';
import { formatMoment } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useResource } from '../../../lib/use-resource';
import { useRole, useSession } from '../../auth/components/session-provider';
import { ErrorState, ListStates } from '../../ui/components/states';
import { addMember, listMembers, removeMember, setMemberRole } from '../api/settings.api';

const ROLE_HELP: Record<Role, string> = {
  owner: 'everything, and manages members and API keys',
  member: 'uploads, runs, schedules',
  viewer: 'reads only',
};

/** The workspace's members; owners add existing accounts by email, change roles and remove members. */
export function MembersView() {
  const members = useResource('members', listMembers);
  const owner = useRole() === 'owner';
  const me = useSession()?.data;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');

  async function act(key: string, action: () => Promise<unknown>): Promise<boolean> {
    setBusy(key);
    setError(null);
    try {
      await action();
      members.reload();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(null);
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const checked = addMemberSchema.safeParse({ email, role });
    if (!checked.success) {
      setError(`Email: ${checked.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    if (await act('add', () => addMember(checked.data.email, checked.data.role))) setEmail('');
  }

  function remove(m: Member) {
    if (window.confirm(`Remove ${m.email} from this workspace? Their sessions here end.`)) void act(m.userId, () => removeMember(m.userId));
  }

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
          <h2 id="add-member-title">Add a member</h2>
          <form className="form" onSubmit={add} data-form="add-member">
            <p className="muted small">The person needs an account first: they sign up, or an operator creates it with npm run setup.</p>
            <div className="form-row">
              <div className="field field-wide">
                <label htmlFor="member-email">Email</label>
                <input id="member-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="member-role">Role</label>
                <select id="member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy === 'add'}>
                {busy === 'add' ? 'Adding…' : 'Add member'}
              </button>
            </div>
          </form>
        </section>
      ) : (
        me && <p className="alert alert-info">Only owners add and remove members or change roles; yours is {me.workspace.role}.</p>
      )}
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {error && <ErrorState error={error} />}
        <ListStates list={members} loading="Loading members…" empty="No members.">
          {(items) => (
            <div className="table-wrap">
              <table className="table" data-table="members">
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">Added</th>
                    {owner && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((m) => (
                    <tr key={m.userId} data-member={m.email}>
                      <th scope="row">
                        {m.email}
                        {m.userId === me?.user?.id && <span className="muted small"> (you)</span>}
                      </th>
                      <td>{m.name ?? '—'}</td>
                      <td>
                        {owner ? (
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
                        )}
                      </td>
                      <td>
                        <time dateTime={m.createdAt}>{formatMoment(m.createdAt)}</time>
                      </td>
                      {owner && (
                        <td className="actions">
                          <button type="button" className="btn btn-small btn-danger" disabled={busy === m.userId} onClick={() => remove(m)}>
                            Remove<span className="visually-hidden"> {m.email}</span>
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ListStates>
      </section>
    </>
  );
}
