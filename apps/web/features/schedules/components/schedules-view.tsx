'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { Schedule } from '@foretell/contracts';
import { formatMoment } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useInterval, useResource } from '../../../lib/use-resource';
import { useCanWrite, ViewerNote } from '../../auth/components/session-provider';
import { listDatasets } from '../../datasets/api/datasets.api';
import { modelLabel } from '../../runs/api/model-label';
import { ErrorState, Loading, ListStates } from '../../ui/components/states';
import { deleteSchedule, listSchedules, updateSchedule } from '../api/schedules.api';
import { describeTrigger } from '../api/schedule-form';
import { ScheduleForm } from './schedule-form';

export function SchedulesView() {
  const datasets = useResource('datasets', listDatasets);
  const schedules = useResource('schedules', (signal) => listSchedules(undefined, signal));
  // Next and last run times move as schedules fire.
  useInterval(schedules.reload, 15_000, (schedules.data?.length ?? 0) > 0);
  const [busy, setBusy] = useState<string | null>(null);
  const canWrite = useCanWrite();
  const [actionError, setActionError] = useState<string | null>(null);
  const names = new Map((datasets.data ?? []).map((d) => [d.id, d.name]));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  async function act(schedule: Schedule, action: () => Promise<unknown>) {
    setBusy(schedule.id);
    setActionError(null);
    try {
      await action();
      schedules.reload();
    } catch (e) {
      setActionError(`${schedule.name}: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Schedules</h1>
          <p className="muted">Retrain on a dataset’s latest rows by cron or interval; each run is compared with the previous one for drift.</p>
        </div>
      </header>
      {!canWrite && <ViewerNote>creating, pausing and deleting schedules is for members.</ViewerNote>}
      {canWrite && (
        <section className="card">
          {datasets.error && <ErrorState error={datasets.error} onRetry={datasets.reload} />}
          {!datasets.data && !datasets.error && <Loading>Loading datasets…</Loading>}
          {datasets.data && <ScheduleForm datasets={datasets.data} onCreated={schedules.reload} />}
        </section>
      )}
      <section className="card" aria-labelledby="schedules-title">
        <h2 id="schedules-title">Schedules</h2>
        <p className="muted small">Times are in your time zone ({zone}).</p>
        {actionError && <ErrorState error={actionError} />}
        <ListStates list={schedules} loading="Loading schedules…" empty="No schedules yet. Create one above.">
          {(items) => (
            <div className="table-wrap">
              <table className="table" data-table="schedules">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Dataset</th>
                    <th scope="col">When</th>
                    <th scope="col">Runs</th>
                    <th scope="col">Next run</th>
                    <th scope="col">Last run</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((s) => (
                    <tr key={s.id} data-schedule={s.name} data-paused={s.paused}>
                      <th scope="row">{s.name}</th>
                      <td>
                        <Link href={`/datasets/${s.datasetId}`}>{names.get(s.datasetId) ?? s.datasetId.slice(0, 8)}</Link>
                      </td>
                      <td>{describeTrigger(s)}</td>
                      <td className="small">
                        {s.run.preset ? `${s.run.preset} preset` : (s.run.models ?? []).map((m) => modelLabel(m.kind)).join(', ')}
                        {s.run.ensembles.map((e) => `, ${e.method} of the best ${e.top}`).join('')} · h={s.run.horizon}
                      </td>
                      <td data-next-run>{s.paused ? '—' : <time dateTime={s.nextRunAt ?? undefined}>{formatMoment(s.nextRunAt)}</time>}</td>
                      <td>{formatMoment(s.lastRunAt)}</td>
                      <td>
                        <span className={`badge ${s.paused ? '' : 'badge-running'}`} data-state={s.paused ? 'paused' : 'active'}>
                          {s.paused ? 'Paused' : 'Active'}
                        </span>
                        {s.pausedReason && (
                          <p className="small muted" data-paused-reason>
                            {s.pausedReason}
                          </p>
                        )}
                      </td>
                      {canWrite && (
                        <td className="actions">
                          <button
                            type="button"
                            className="btn btn-small"
                            disabled={busy === s.id}
                            onClick={() => act(s, () => updateSchedule(s.id, { paused: !s.paused }))}
                          >
                            {s.paused ? 'Resume' : 'Pause'}
                            <span className="visually-hidden"> {s.name}</span>
                          </button>
                          <button
                            type="button"
                            className="btn btn-small btn-danger"
                            disabled={busy === s.id}
                            onClick={() => {
                              if (window.confirm(`Delete the schedule “${s.name}”? Its past runs stay.`)) void act(s, () => deleteSchedule(s.id));
                            }}
                          >
                            Delete<span className="visually-hidden"> {s.name}</span>
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
