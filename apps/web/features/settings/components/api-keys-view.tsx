'use client';

import { useState, type FormEvent } from 'react';
import { createApiKeySchema, type ApiKey, type CreatedApiKey } from '@foretell/contracts';
import { formatMoment } from '../../../lib/format';
import { useAction } from '../../../lib/use-action';
import { useResource } from '../../../lib/use-resource';
import { useRole } from '../../auth/components/session-provider';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ErrorState, Loading, ListStates } from '../../ui/components/states';
import { createApiKey, listApiKeys, revokeApiKey } from '../api/settings.api';
import { LabelledSelect } from '../../ui/components/labelled-input';

/** API keys of the workspace, for scripts and the command line: created (shown once), listed, revoked. Owners only. */
export function ApiKeysView() {
  const role = useRole();
  const owner = role === 'owner';
  const keys = useResource(owner ? 'api-keys' : null, listApiKeys);
  const [name, setName] = useState('');
  const [keyRole, setKeyRole] = useState<'member' | 'viewer'>('member');
  const { busy, error, setError, run } = useAction();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);

  async function create(event: FormEvent) {
    event.preventDefault();
    const checked = createApiKeySchema.safeParse({ name: name.trim(), role: keyRole });
    if (!checked.success) {
      setError(`Name: ${checked.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    setCopied(false);
    await run('create', async () => {
      setCreated(await createApiKey(checked.data));
      setName('');
      keys.reload();
    });
  }

  async function revoke(key: ApiKey) {
    if (!window.confirm(`Revoke the key “${key.name}” (${key.prefix}…)? Scripts using it stop working at once.`)) return;
    await run(key.id, async () => {
      await revokeApiKey(key.id);
      if (created?.id === key.id) setCreated(null);
      keys.reload();
    });
  }

  async function copy(key: string) {
    try {
      await navigator.clipboard.writeText(key);
      setCopied(true);
    } catch {
      setError('The browser did not allow copying: select the key and copy it by hand.');
    }
  }

  const keyRow = (k: ApiKey) => ({ 'data-api-key': k.name, 'data-revoked': k.revokedAt !== null });
  const columns: Column<ApiKey>[] = [
    { key: 'name', header: 'Name', rowHeader: true, sortValue: (k) => k.name, cell: (k) => k.name },
    { key: 'key', header: 'Key', className: 'mono', cell: (k) => `${k.prefix}…` },
    { key: 'role', header: 'Role', sortValue: (k) => k.role, cell: (k) => k.role },
    { key: 'creator', header: 'Created by', sortValue: (k) => k.createdBy ?? '', cell: (k) => k.createdBy ?? 'unknown (account deleted)' },
    { key: 'created', header: 'Created', sortValue: (k) => k.createdAt, cell: (k) => <time dateTime={k.createdAt}>{formatMoment(k.createdAt)}</time> },
    {
      key: 'used',
      header: 'Last used',
      sortValue: (k) => k.lastUsedAt,
      cell: (k) => (k.lastUsedAt ? <time dateTime={k.lastUsedAt}>{formatMoment(k.lastUsedAt)}</time> : 'never'),
    },
    {
      key: 'state',
      header: 'State',
      cell: (k) => (
        <span className={`badge ${k.revokedAt ? 'badge-failed' : 'badge-ready'}`} data-state={k.revokedAt ? 'revoked' : 'active'}>
          {k.revokedAt ? 'Revoked' : 'Active'}
        </span>
      ),
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      className: 'actions',
      cell: (k) =>
        !k.revokedAt && (
          <button type="button" className="btn btn-small btn-danger" disabled={busy === k.id} onClick={() => void revoke(k)}>
            Revoke<span className="visually-hidden"> {k.name}</span>
          </button>
        ),
    },
  ];

  return (
    <>
      <header className="page-header">
        <div>
          <h1>API keys</h1>
          <p className="muted">
            For scripts and the command line: send <code>Authorization: Bearer ft_…</code>. A key acts in this workspace only, with its role.
          </p>
        </div>
      </header>
      {role && !owner && <p className="alert alert-info">Only owners create and revoke API keys; yours is {role}.</p>}
      {!role && <Loading />}
      {owner && (
        <>
          <section className="card" aria-labelledby="new-key-title">
            <h2 id="new-key-title">New key</h2>
            <form className="form" onSubmit={create} data-form="api-key">
              <div className="form-row">
                <div className="field field-wide">
                  <label htmlFor="key-name">Name</label>
                  <input id="key-name" type="text" maxLength={100} required value={name} onChange={(e) => setName(e.target.value)} placeholder="nightly import" />
                </div>
                <LabelledSelect
                  id="key-role"
                  label="Role"
                  value={keyRole}
                  onChange={setKeyRole}
                  options={[['member', 'member (uploads, runs)'], ['viewer', 'viewer (reads only)']]}
                />
              </div>
              <div className="form-actions">
                <button type="submit" className="btn btn-primary" disabled={busy === 'create'}>
                  {busy === 'create' ? 'Creating…' : 'Create key'}
                </button>
              </div>
            </form>
            {created && (
              <div className="alert alert-warning new-key" role="status" data-new-key>
                <p>
                  <strong>Copy this key now: it is shown only once.</strong> Foretell keeps only its hash; if you lose it, revoke it and create another.
                </p>
                <div className="form-row">
                  <input className="mono new-key-value" readOnly aria-label="New API key" value={created.key} onFocus={(e) => e.currentTarget.select()} />
                  <button type="button" className="btn btn-small" onClick={() => void copy(created.key)}>
                    {copied ? 'Copied' : 'Copy'}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setCreated(null)}>
                    Done
                  </button>
                </div>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="keys-title">
            <h2 id="keys-title">Keys</h2>
            {error && <ErrorState error={error} />}
            <ListStates list={keys} loading="Loading keys…" empty="No API keys yet.">
              {(items) => (
<DataTable name="api-keys" caption="API keys" columns={columns} rows={items} rowProps={keyRow} />
              )}
            </ListStates>
          </section>
        </>
      )}
    </>
  );
}
