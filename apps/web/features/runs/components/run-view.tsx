'use client';

import Link from 'next/link';
import { useCallback, useRef, useState } from 'react';
import type { RunEvent } from '@foretell/contracts';
import { formatMoment } from '../../../lib/format';
import { ApiError } from '../../../lib/http';
import { useInterval, useResource } from '../../../lib/use-resource';
import { getDataset } from '../../datasets/api/datasets.api';
import { Empty, ErrorState, Loading, ProgressBar } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { isFinished, runProgress } from '../api/leaderboard';
import { getRun } from '../api/runs.api';
import { useRunEvents, type StreamState } from '../api/use-run-events';
import { ForecastPanel } from './forecast-panel';
import { LeaderboardTable } from './leaderboard-table';
import { shortId } from './run-list';

const STREAM_LABEL: Record<StreamState, string> = {
  off: '',
  connecting: 'Connecting to live updates…',
  live: 'Live',
  reconnecting: 'Live updates interrupted; reconnecting (refreshing every few seconds meanwhile)',
};

export function RunView({ id }: { id: string }) {
  const run = useResource(`run:${id}`, (signal) => getRun(id, signal));
  const dataset = useResource(run.data ? `dataset:${run.data.datasetId}` : null, (signal) =>
    getDataset(run.data?.datasetId ?? '', signal),
  );
  const [live, setLive] = useState<ReadonlyMap<string, number>>(new Map());
  const [messages, setMessages] = useState<ReadonlyMap<string, string>>(new Map());
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
      if (modelId && event.message) {
        const message = event.message;
        setMessages((m) => new Map(m).set(modelId, message));
      }
      reloadSoon(event.type !== 'progress');
    },
    [reloadSoon],
  );

  const finished = run.data ? isFinished(run.data.status) : false;
  const stream = useRunEvents(id, run.data !== undefined && !finished, onEvent);
  // Without a live stream (API restarting, a proxy that buffers), fall back to polling.
  useInterval(run.reload, 3000, run.data !== undefined && !finished && stream !== 'live');

  if (!run.data) {
    const missing = run.error instanceof ApiError && run.error.status === 404;
    return (
      <>
        <header className="page-header">
          <div>
            <p className="breadcrumb">
              <Link href="/runs">Runs</Link>
            </p>
            <h1>
              Run <span className="mono">{shortId(id)}</span>
            </h1>
          </div>
        </header>
        {missing && (
          <Empty>
            This run does not exist. <Link href="/runs">See all runs</Link>.
          </Empty>
        )}
        {run.error && !missing && <ErrorState error={run.error} onRetry={run.reload} />}
        {!run.error && <Loading>Loading run…</Loading>}
      </>
    );
  }

  const r = run.data;
  const completed = r.leaderboard.filter((e) => e.status === 'completed').length;
  const progress = runProgress(r.leaderboard, live);
  return (
    <>
      <header className="page-header">
        <div>
          <p className="breadcrumb">
            <Link href="/runs">Runs</Link> /{' '}
            <Link href={`/datasets/${r.datasetId}`}>{dataset.data?.name ?? 'Dataset'}</Link>
          </p>
          <h1>
            Run <span className="mono">{shortId(r.id)}</span> <StatusBadge status={r.status} />
          </h1>
        </div>
        {!finished && (
          <div className="run-progress" aria-live="polite">
            <ProgressBar value={progress} label="Run progress" />
            <span className="muted small">{STREAM_LABEL[stream]}</span>
          </div>
        )}
      </header>

      <dl className="stats stats-inline">
        <div className="stat">
          <dt>Horizon</dt>
          <dd>{r.horizon}</dd>
        </div>
        <div className="stat">
          <dt>Season</dt>
          <dd>{r.season}</dd>
        </div>
        <div className="stat">
          <dt>Backtest</dt>
          <dd>
            {r.backtest.windows} window{r.backtest.windows > 1 ? 's' : ''}, step {r.backtest.step}
          </dd>
        </div>
        <div className="stat">
          <dt>Created</dt>
          <dd>{formatMoment(r.createdAt)}</dd>
        </div>
        <div className="stat">
          <dt>Finished</dt>
          <dd>{formatMoment(r.finishedAt)}</dd>
        </div>
      </dl>

      {r.error && <ErrorState error={r.error} />}
      {run.error && <ErrorState error={run.error} onRetry={run.reload} />}

      <section className="card" aria-labelledby="leaderboard-title">
        <h2 id="leaderboard-title">Leaderboard</h2>
        <p className="muted small">
          Accuracy over {r.backtest.windows} rolling backtest window{r.backtest.windows > 1 ? 's' : ''} of {r.horizon}{' '}
          points over every series, best first.
        </p>
        {r.leaderboard.length ? (
          <LeaderboardTable entries={r.leaderboard} live={live} messages={messages} />
        ) : (
          <Empty>This run has no models.</Empty>
        )}
      </section>

      {completed > 0 ? (
        <ForecastPanel runId={r.id} datasetId={r.datasetId} completedModels={completed} />
      ) : (
        <section className="card" aria-labelledby="forecast-title">
          <h2 id="forecast-title">Forecast</h2>
          <Empty>{finished ? 'No model finished, so there is no forecast to show.' : 'Forecasts appear here as models finish.'}</Empty>
        </section>
      )}
    </>
  );
}
