'use client';

import Link from 'next/link';
import { useCallback, useRef, useState } from 'react';
import type { ProgressDetail, Run, RunEvent } from '@foretell/contracts';
import { formatElapsed, formatMoment } from '../../../lib/format';
import { useInterval, useResource } from '../../../lib/use-resource';
import { useCanWrite } from '../../auth/components/session-provider';
import { getDataset } from '../../datasets/api/datasets.api';
import { Empty, ErrorState, ProgressBar } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { isFinished, runProgress } from '../api/leaderboard';
import { calendarSummary } from '../api/calendar-choice';
import { withDetail, withEpoch, type LabelledCurve } from '../api/live-training';
import { modelLabel } from '../api/model-label';
import { comparisonSummary } from '../api/run-comparison';
import { runDurationSeconds } from '../api/run-duration';
import { getRun } from '../api/runs.api';
import { useRunEvents, type StreamState } from '../api/use-run-events';
import { CancelButton } from './cancel-button';
import { CostPanel } from './cost-panel';
import { ExportLinks } from './export-links';
import { ForecastPanel } from './forecast-panel';
import { LeaderboardTable } from './leaderboard-table';
import { PerStepPanel } from './per-step-panel';
import { shortId } from './run-list';
import { TrainingPanel } from './training-panel';
import { WarningsList } from './warnings-list';
import './runs.css';
import { PageHeader, PendingDetail } from '../../ui/components/page-header';
import { StatList } from '../../ui/components/stat-list';

const STREAM_LABEL: Record<StreamState, string> = {
  off: '',
  connecting: 'Connecting to live updates…',
  live: 'Live',
  reconnecting: 'Live updates interrupted; reconnecting (refreshing every few seconds meanwhile)',
};

export function RunView({ id }: { id: string }) {
  const run = useResource(`run:${id}`, (signal) => getRun(id, signal));
  const canWrite = useCanWrite();
  const dataset = useResource(run.data ? `dataset:${run.data.datasetId}` : null, (signal) =>
    getDataset(run.data?.datasetId ?? '', signal),
  );
  const [live, setLive] = useState<ReadonlyMap<string, number>>(new Map());
  const [details, setDetails] = useState<ReadonlyMap<string, ProgressDetail>>(new Map());
  const [fits, setFits] = useState<ReadonlyMap<string, LabelledCurve>>(new Map());
  const lastReload = useRef(0);

  const { reload } = run;
  const reloadSoon = useCallback(
    (force: boolean) => {
      // Progress events can come many times a second; the run itself is refetched at most every 2 s for them.
      const now = Date.now();
      if (force || now - lastReload.current > 2000) {
        lastReload.current = now;
        reload();
      }
    },
    [reload],
  );

  const onEvent = useCallback(
    (event: RunEvent) => {
      const modelId = event.runModelId;
      if (modelId && event.fraction !== undefined) {
        const fraction = event.fraction;
        setLive((m) => new Map(m).set(modelId, fraction));
      }
      setDetails((d) => withDetail(d, event));
      setFits((f) => withEpoch(f, event));
      reloadSoon(event.type !== 'progress');
    },
    [reloadSoon],
  );

  const finished = run.data ? isFinished(run.data.status) : false;
  const stream = useRunEvents(id, run.data !== undefined && !finished, onEvent);
  // A cancelled run's models are ranked and its finish time set by its final job, after the cancel event ended the
  // stream: keep reading the run until that has happened.
  const settling = run.data !== undefined && finished && run.data.finishedAt === null;
  // Without a live stream (API restarting, a proxy that buffers), fall back to polling.
  useInterval(run.reload, 3000, run.data !== undefined && ((!finished && stream !== 'live') || settling));

  if (!run.data) {
    return (
      <PendingDetail
        breadcrumb={<Link href="/runs">Runs</Link>}
        title={
          <>
            Run <span className="mono">{shortId(id)}</span>
          </>
        }
        error={run.error}
        onRetry={run.reload}
        missing={
          <>
            This run does not exist. <Link href="/runs">See all runs</Link>.
          </>
        }
        loading="Loading run…"
      />
    );
  }

  const r = run.data;
  const completed = r.leaderboard.filter((e) => e.status === 'completed').length;
  const progress = runProgress(r, live, dataset.data?.profile?.points);
  const label = [dataset.data?.name, `run ${shortId(r.id)}`].filter(Boolean).join(' · ');
  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link href="/runs">Runs</Link> / <Link href={`/datasets/${r.datasetId}`}>{dataset.data?.name ?? 'Dataset'}</Link>
          </>
        }
        title={
          <>
            Run <span className="mono">{shortId(r.id)}</span> <StatusBadge status={r.status} />
          </>
        }
        actions={
          !finished && (
            <div className="run-actions">
              <div className="run-progress" aria-live="polite">
                <ProgressBar value={progress} label="Run progress (models weighted by their expected time)" />
                <span className="muted small">{STREAM_LABEL[stream]}</span>
              </div>
              {canWrite && <CancelButton runId={r.id} onCancelled={run.reload} />}
            </div>
          )
        }
      />

      <StatList
        inline
        items={[
          ['Horizon', r.horizon],
          ['Season', r.season],
          ['Backtest', `${r.backtest.windows} window${r.backtest.windows > 1 ? 's' : ''}, step ${r.backtest.step}`],
          ['Intervals', r.levels.map((l) => `${l}%`).join(', ') || '—'],
          ...(r.calendar ? [['Calendar', calendarSummary(r.calendar)] as const] : []),
          ['Seed', r.seed],
          ['Trigger', r.trigger === 'schedule' ? 'Schedule' : 'Manual'],
          ['Dataset version', r.datasetVersion],
          ['Created', <time dateTime={r.createdAt}>{formatMoment(r.createdAt)}</time>],
          ['Started', r.startedAt ? <time dateTime={r.startedAt}>{formatMoment(r.startedAt)}</time> : '—'],
          ['Finished', r.finishedAt ? <time dateTime={r.finishedAt}>{formatMoment(r.finishedAt)}</time> : '—'],
          ['Duration', formatElapsed(runDurationSeconds(r, Date.now())), { 'data-duration': true }],
        ]}
      />

      {r.comparison && <ComparisonNote comparison={r.comparison} />}
      {r.championDecision && <ChampionNote decision={r.championDecision} />}
      {r.error && r.status !== 'cancelled' && <ErrorState error={r.error} />}
      {r.status === 'cancelled' && <p className="alert alert-info">{r.error ?? 'This run was cancelled.'} Models that finished before keep their results.</p>}
      {run.error && <ErrorState error={run.error} onRetry={run.reload} />}

      <section className="card" aria-labelledby="leaderboard-title">
        <div className="card-header">
          <h2 id="leaderboard-title">Leaderboard</h2>
          {completed > 0 && <ExportLinks runId={r.id} />}
        </div>
        <p className="muted small">
          Accuracy over {r.backtest.windows} rolling backtest window{r.backtest.windows > 1 ? 's' : ''} of {r.horizon}{' '}
          points over every series, best first. Select a column header to sort by it.
        </p>
        {r.leaderboard.length ? (
          <LeaderboardTable entries={r.leaderboard} levels={r.levels} live={live} details={details} />
        ) : (
          <Empty>This run has no models.</Empty>
        )}
      </section>

      <WarningsList entries={r.leaderboard} />
      <TrainingPanel entries={r.leaderboard} fits={fits} details={details} runLabel={label} />

      {completed > 0 ? (
        <>
          <div className="chart-pair">
            <PerStepPanel entries={r.leaderboard} runLabel={label} />
            <CostPanel entries={r.leaderboard} runLabel={label} />
          </div>
          <ForecastPanel runId={r.id} datasetId={r.datasetId} datasetName={dataset.data?.name} entries={r.leaderboard} levels={r.levels} />
        </>
      ) : (
        <section className="card" aria-labelledby="forecast-title">
          <h2 id="forecast-title">Forecast</h2>
          <Empty>{finished ? 'No model finished, so there is no forecast to show.' : 'Forecasts appear here as models finish.'}</Empty>
        </section>
      )}
    </>
  );
}

function ComparisonNote({ comparison }: { comparison: NonNullable<Run['comparison']> }) {
  return (
    <p className={`alert ${comparison.drifted ? 'alert-warning' : 'alert-info'}`} data-comparison>
      {comparisonSummary(comparison)}{' '}
      {comparison.previousRunId && <Link href={`/runs/${comparison.previousRunId}`}>Previous run</Link>}
    </p>
  );
}

/** Whether this run's best model became the dataset's champion, and why (README, "Registry"). */
function ChampionNote({ decision }: { decision: NonNullable<Run['championDecision']> }) {
  const verdict = {
    first: 'became the dataset’s first champion',
    replaced: 'became the dataset’s champion',
    kept: 'did not replace the dataset’s champion',
    declined: 'did not become the dataset’s champion',
  };
  return (
    <p className={`alert ${decision.decision === 'declined' ? 'alert-warning' : 'alert-info'} small`} data-champion-decision={decision.decision}>
      {decision.candidate && <strong>{modelLabel(decision.candidate.kind)}</strong>} {verdict[decision.decision]}: {decision.reason}.
    </p>
  );
}
