'use client';

import { useAction } from '../../../lib/use-action';
import { useResource } from '../../../lib/use-resource';
import { acceptInvitation, declineInvitation, listMyInvitations } from '../api/settings.api';

/**
 * Invitations to the signed-in user, answered here (in the account menu): accepting joins the workspace and opens it.
 * Renders nothing while there are none.
 */
export function ReceivedInvitations({ onJoined }: { onJoined: (workspaceId: string) => void }) {
  const invitations = useResource('my-invitations', listMyInvitations);
  const { busy, error, run } = useAction();
  if (!invitations.data?.length && !error) return null;

  async function answer(id: string, accept: boolean) {
    await run(id, async () => {
      if (accept) onJoined((await acceptInvitation(id)).id);
      else await declineInvitation(id);
      invitations.reload();
    });
  }

  return (
    <section aria-labelledby="received-invitations-title" data-received-invitations>
      <h2 id="received-invitations-title" className="small">
        Invitations
      </h2>
      <ul className="user-menu-invitations small">
        {invitations.data?.map((i) => (
          <li key={i.id}>
            “{i.workspace.name}” as {i.role}
            {i.invitedBy && <span className="muted"> from {i.invitedBy}</span>}
            <div className="form-row">
              <button type="button" className="btn btn-small btn-primary" disabled={busy === i.id} onClick={() => void answer(i.id, true)}>
                Accept<span className="visually-hidden"> “{i.workspace.name}”</span>
              </button>
              <button type="button" className="btn btn-small" disabled={busy === i.id} onClick={() => void answer(i.id, false)}>
                Decline<span className="visually-hidden"> “{i.workspace.name}”</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
