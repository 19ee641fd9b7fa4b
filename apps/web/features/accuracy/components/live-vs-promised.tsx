import { formatMetric } from '../../../lib/format';

/** A live figure beside the one the backtest promised; `data-worse` where live is beyond the promise. */
export function LiveVsPromised({ live, promised }: { live: number | null; promised: number | null }) {
  const show = (v: number | null) => (v === null ? '—' : formatMetric(v));
  const worse = live !== null && promised !== null && live > promised;
  return (
    <span data-worse={worse || undefined}>
      <strong>{show(live)}</strong> <span className="muted small">vs {show(promised)}</span>
    </span>
  );
}

/** Coverage per interval level: live share inside against the backtest's cross-validated share. */
export function CoverageFigures({ live, promised }: { live: Record<string, number | null>; promised?: Record<string, number | null> }) {
  const levels = Object.keys(live).sort((a, b) => Number(a) - Number(b));
  if (!levels.length) return <>—</>;
  return (
    <>
      {levels.map((level) => {
        const share = live[level] ?? null;
        const promise = promised?.[level] ?? null;
        return (
          <div key={level} className="small">
            {level}%: <strong>{share === null ? '—' : `${formatMetric(share * 100)}%`}</strong>
            {promised && <span className="muted"> vs {promise === null ? '—' : `${formatMetric(promise * 100)}%`}</span>}
          </div>
        );
      })}
    </>
  );
}
