import type { LeaderboardEntry } from '@foretell/contracts';
import { modelLabel } from '../api/model-label';

/** What the models reported while fitting (short series skipped, settings capped, covariates ignored…). */
export function WarningsList({ entries }: { entries: LeaderboardEntry[] }) {
  const withWarnings = entries.filter((e) => e.warnings.length > 0);
  if (!withWarnings.length) return null;
  return (
    <section className="card" aria-labelledby="warnings-title" data-warnings>
      <h2 id="warnings-title">Warnings</h2>
      <ul className="alert alert-warning issue-list">
        {withWarnings.flatMap((e) =>
          e.warnings.map((w, i) => (
            <li key={`${e.runModelId}-${i}`}>
              <strong>{modelLabel(e.kind)}:</strong> {w}
            </li>
          )),
        )}
      </ul>
    </section>
  );
}
