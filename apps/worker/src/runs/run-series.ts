import { runCovariatesSchema } from '@foretell/contracts';
import type { LoadedSeries } from '@foretell/db';
import { createModel, type SeriesCovariates } from '@foretell/forecasting';
import { UserError } from '@foretell/queue';

export interface RunSeries {
  /** The series the run forecasts, in dataset order (all of them when the run names no roles). */
  targets: LoadedSeries[];
  /** One per target when the run reads covariates and the model can use them. */
  covariates?: SeriesCovariates[];
  /** Said on the leaderboard when the run's covariates were left out for this model. */
  warnings: string[];
}

/**
 * The run's targets and, per target, its covariates cut to line up with it: past ones to the target's length, future
 * ones `horizon` further. Checked again here, since rows may have been appended since the run was created. A model
 * that cannot use covariates forecasts the targets alone (as on the command line), and says so.
 */
export function seriesForRun(
  series: LoadedSeries[],
  run: { covariates: unknown; horizon: number },
  model: { kind: string; params?: Record<string, unknown> },
): RunSeries {
  if (!run.covariates) return { targets: series, warnings: [] };
  const roles = runCovariatesSchema.parse(run.covariates);
  const byKey = new Map(series.map((s) => [s.key, s]));
  const get = (key: string) => {
    const found = byKey.get(key);
    if (!found) throw new UserError(`The dataset has no series "${key}" any more.`);
    return found;
  };
  const targets = roles.target.map(get);
  const probe = createModel(model as Parameters<typeof createModel>[0]);
  const usable = probe.capabilities.covariates;
  probe.dispose();
  if (!usable) return { targets, warnings: [`${model.kind} cannot use covariates: it forecast the targets alone`] };
  const cut = (key: string, target: LoadedSeries, length: number) => {
    const values = get(key).values;
    if (values.length < length) {
      throw new UserError(`Covariate "${key}" has ${values.length} points; target "${target.key}" needs ${length} from it.`);
    }
    return values.subarray(0, length);
  };
  const covariates = targets.map((t) => ({
    past: roles.past.map((key) => cut(key, t, t.length)),
    future: roles.future.map((key) => cut(key, t, t.length + run.horizon)),
  }));
  return { targets, covariates, warnings: [] };
}
