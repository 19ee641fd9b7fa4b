'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import type { Schedule } from '@foretell/contracts';
import { formatMoment } from '../../../lib/format';
import { useTimeZone } from '../../../lib/use-time-zone';
import { useAction } from '../../../lib/use-action';
import { useInterval, useResource } from '../../../lib/use-resource';
import { useCanWrite, ViewerNote } from '../../auth/components/session-provider';
import { listDatasets } from '../../datasets/api/datasets.api';
import { modelLabel } from '../../runs/api/model-label';
import { listRuns } from '../../runs/api/runs.api';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ErrorState, Loading, ListStates } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { deleteSchedule, listSchedules, runScheduleNow, updateSchedule } from '../api/schedules.api';
import { describeTrigger } from '../api/schedule-form';
import { isBusy, latestRunBySchedule, nextRunState, type LatestRun } from '../api/schedule-runs';
import { ScheduleForm } from './schedule-form';

/** Schedules: create or edit one (starting from `datasetId` when given), and each one's next and last run. */
export function SchedulesView({ datasetId }: { datasetId?: string }) {
  const datasets = useResource('datasets', listDatasets);
  const schedules = useResource('schedules', (signal) => listSchedules(undefined, signal));
  // The last run of each schedule as it really went (queued, running, failed…), not only when it was fired.
  const runs = useResource('schedule-runs', (signal) => listRuns(undefined, signal));
  const latest = latestRunBySchedule(runs.data ?? []);
  const [editing, setEditing] = useState<Schedule | null>(null);
  const { busy, error: actionError, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const formRef = useRef<HTMLElement>(null);
  const canWrite = useCanWrite();
  const names = new Map((datasets.data ?? []).map((d) => [d.id, d.name]));
  const zone = useTimeZone();
  const reload = () => {
    schedules.reload();
    runs.reload();
  };
  // Next and last runs move as schedules fire: quickly while a run is under way, else now and then.
  const running = (schedules.data ?? []).some((s) => isBusy(latest.get(s.id)) || nextRunState(s, Date.now()).kind === 'due');
  useInterval(reload, running ? 3_000 : 15_000, (schedules.data?.length ?? 0) > 0);

  async function act(schedule: Schedule, action: () => Promise<unknown>, done?: string) {
    setNotice(null);
    await run(
      schedule.id,
      async () => {
        await action();
        if (done) setNotice(done);
        reload();
      },
      schedule.name,
    );
  }

  function edit(schedule: Schedule) {
    setEditing(schedule);
    setNotice(null);
    formRef.current?.scrollIntoView({ block: 'start' });
  }

  const columns: Column<Schedule>[] = [
    { key: 'name', header: 'Name', rowHeader: true, cell: (s) => s.name },
    {
      key: 'dataset',
      header: 'Dataset',
      cell: (s) => <Link href={`/datasets/${s.datasetId}`}>{names.get(s.datasetId) ?? s.datasetId.slice(0, 8)}</Link>,
    },
    { key: 'when', header: 'When', cell: describeTrigger },
    { key: 'runs', header: 'Runs', className: 'small', cell: describeRun },
    { key: 'next', header: 'Next run', cell: (s) => <NextRun schedule={s} /> },
    { key: 'last', header: 'Last run', cell: (s) => <LastRun run={latest.get(s.id)} firedAt={s.lastRunAt} /> },
    { key: 'state', header: 'State', cell: (s) => <ScheduleState schedule={s} /> },
  ];
  const actionsColumn: Column<Schedule> = {
    key: 'actions',
    header: <span className="visually-hidden">Actions</span>,
    className: 'actions',
    cell: (s) => (
      <>
        <button
          type="button"
          className="btn btn-small"
          disabled={busy === s.id || s.paused || isBusy(latest.get(s.id))}
          title={s.paused ? 'Resume the schedule to run it' : isBusy(latest.get(s.id)) ? 'Its run is still going' : undefined}
          onClick={() => act(s, () => runScheduleNow(s.id), `Run of “${s.name}” queued: it shows under Last run as it goes.`)}
        >
          Run now<span className="visually-hidden"> {s.name}</span>
        </button>
        <button type="button" className="btn btn-small" disabled={busy === s.id} onClick={() => edit(s)}>
          Edit<span className="visually-hidden"> {s.name}</span>
        </button>
        <button type="button" className="btn btn-small" disabled={busy === s.id} onClick={() => act(s, () => updateSchedule(s.id, { paused: !s.paused }))}>
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
      </>
    ),
  };

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Schedules</h1>
          <p className="muted">Retrain on a dataset’s latest rows by cron or interval; each run is compared with the previous one for drift.</p>
        </div>
      </header>
      {!canWrite && <ViewerNote>creating, editing, running, pausing and deleting schedules is for members.</ViewerNote>}
      {canWrite && (
        <section className="card" ref={formRef} aria-label={editing ? 'Edit schedule' : 'New schedule'}>
          {datasets.error && <ErrorState error={datasets.error} onRetry={datasets.reload} />}
          {!datasets.data && !datasets.error && <Loading>Loading datasets…</Loading>}
          {datasets.data && (
            <ScheduleForm
              key={editing?.id ?? 'new'}
              datasets={datasets.data}
              datasetId={datasetId}
              editing={editing ?? undefined}
              onSaved={(s) => {
                setNotice(editing ? `Saved “${s.name}”.` : `Created “${s.name}”.`);
                setEditing(null);
                reload();
              }}
              onCancel={editing ? () => setEditing(null) : undefined}
            />
          )}
        </section>
      )}
      <section className="card" aria-labelledby="schedules-title">
        <h2 id="schedules-title">Schedules</h2>
        <p className="muted small">Times are in your time zone{zone && ` (${zone})`}.</p>
        <div aria-live="polite">
          {notice && (
            <p className="alert alert-success" data-schedule-notice>
              {notice}
            </p>
          )}
        </div>
        {actionError && <ErrorState error={actionError} />}
        <ListStates list={schedules} loading="Loading schedules…" empty="No schedules yet. Create one above.">
          {(items) => (
            <DataTable
              name="schedules"
              caption="Schedules"
              columns={canWrite ? [...columns, actionsColumn] : columns}
              rows={items}
              rowProps={(s) => ({ 'data-schedule': s.name, 'data-paused': s.paused, 'data-editing': editing?.id === s.id || undefined })}
            />
          )}
        </ListStates>
      </section>
    </>
  );
}

function describeRun(s: Schedule): string {
  const models = s.run.preset ? `${s.run.preset} preset` : (s.run.models ?? []).map((m) => modelLabel(m.kind)).join(', ');
  const ensembles = s.run.ensembles.map((e) => `, ${e.method} of the best ${e.top}`).join('');
  return `${models}${ensembles} · h=${s.run.horizon} · ${s.run.backtest.windows} backtest window${s.run.backtest.windows > 1 ? 's' : ''}`;
}

function NextRun({ schedule }: { schedule: Schedule }) {
  return <span data-next-run>{nextRunText(schedule)}</span>;
}

function nextRunText(schedule: Schedule) {
  const next = nextRunState(schedule, Date.now());
  if (next.kind === 'paused') return '—';
  if (next.kind === 'due') return <span data-due>Due now (waiting for a worker)</span>;
  if (next.kind === 'unknown') return <span className="muted">Not planned: save the schedule again</span>;
  return <time dateTime={next.at}>{formatMoment(next.at)}</time>;
}

function ScheduleState({ schedule: s }: { schedule: Schedule }) {
  return (
    <>
      <span className={`badge ${s.paused ? '' : 'badge-running'}`} data-state={s.paused ? 'paused' : 'active'}>
        {s.paused ? 'Paused' : 'Active'}
      </span>
      {s.pausedReason && (
        <p className="small muted" data-paused-reason>
          {s.pausedReason}
        </p>
      )}
    </>
  );
}

/** The schedule's newest run with how it went; when the runs list does not have it, when it last fired. */
function LastRun({ run, firedAt }: { run: LatestRun | undefined; firedAt: string | null }) {
  if (!run) return <span data-last-run="none">{formatMoment(firedAt)}</span>;
  return (
    <span className="last-run" data-last-run={run.status}>
      <Link href={`/runs/${run.id}`}>
        <time dateTime={run.createdAt}>{formatMoment(run.createdAt)}</time>
      </Link>{' '}
      <StatusBadge status={run.status} />
      {run.error && <span className="small muted"> {run.error}</span>}
    </span>
  );
}
