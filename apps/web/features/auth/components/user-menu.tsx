'use client';

import Link from 'next/link';
import { useState, type FormEvent, type MouseEvent } from 'react';
import { errorMessage } from '../../../lib/http';
import { ReceivedInvitations } from '../../settings/components/received-invitations';
import { createWorkspace, signOut, signOutEverywhere, switchWorkspace } from '../api/auth.api';
import { useSession } from './session-provider';

function closeMenu(event: MouseEvent<HTMLElement>) {
  const menu = event.currentTarget.closest('details');
  if (menu) menu.open = false;
}

/**
 * The header's account menu: who is signed in, invitations waiting for them, the workspace they look at (switchable,
 * or a new one), settings and sign out (here, or on every device). A native <details> disclosure, so it opens with Enter or Space and needs no script to be reachable.
 */
export function UserMenu() {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const me = session?.data;
  if (!me) return null;
  const name = me.user?.name || me.user?.email || me.apiKey?.name || 'Signed in';

  async function act(action: () => Promise<unknown>, then: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      // A full load: every page's data belongs to the workspace, so nothing cached may stay.
      window.location.assign(then);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    if (!newName.trim()) return;
    void act(async () => switchWorkspace((await createWorkspace(newName.trim())).id), '/datasets');
  }

  return (
    <details className="user-menu" data-user-menu>
      <summary>
        <span className="user-menu-name">{name}</span>
        <span className="muted small" data-current-workspace>
          {me.workspace.name}
        </span>
      </summary>
      <div className="user-menu-panel">
        <p className="small">
          Signed in as <strong data-signed-in-as>{me.user?.email ?? name}</strong>
          <br />
          <span className="muted">
            {me.workspace.role} in “{me.workspace.name}”
          </span>
        </p>
        {me.user && <ReceivedInvitations onJoined={(id) => void act(() => switchWorkspace(id), '/datasets')} />}
        {me.workspaces.length > 1 && (
          <div className="field">
            <label htmlFor="workspace-switch">Workspace</label>
            <select
              id="workspace-switch"
              value={me.workspace.id}
              disabled={busy}
              onChange={(e) => void act(() => switchWorkspace(e.target.value), '/datasets')}
            >
              {me.workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name} ({w.role})
                </option>
              ))}
            </select>
          </div>
        )}
        <form className="user-menu-form" onSubmit={create}>
          <label htmlFor="workspace-new">New workspace</label>
          <div className="form-row">
            <input id="workspace-new" type="text" maxLength={100} value={newName} onChange={(e) => setNewName(e.target.value)} />
            <button type="submit" className="btn btn-small" disabled={busy || !newName.trim()}>
              Create
            </button>
          </div>
        </form>
        <nav aria-label="Settings" className="user-menu-links">
          <Link href="/settings/members" onClick={closeMenu}>
            Members
          </Link>
          <Link href="/settings/api-keys" onClick={closeMenu}>
            API keys
          </Link>
        </nav>
        {error && (
          <p className="error-text small" role="alert">
            {error}
          </p>
        )}
        <div className="form-row">
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void act(signOut, '/login')}>
            Sign out
          </button>
          {me.user && (
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void act(signOutEverywhere, '/login')}>
              Sign out everywhere
            </button>
          )}
        </div>
      </div>
    </details>
  );
}
