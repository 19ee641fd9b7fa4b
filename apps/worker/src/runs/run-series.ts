import {
  calendarSpecSchema,
  datasetProfileSchema,
  MODEL_CATALOGUE,
  modelKindSchema,
  runCovariatesSchema,
  type CalendarUsed,
  type Frequency,
} from '@foretell/contracts';
import type { LoadedSeries } from '@foretell/db';
import { withCalendar, type SeriesCovariates } from '@foretell/forecasting';
import { UserError } from '@foretell/queue';

export interface RunSeries {
  /** The series the run forecasts, in dataset order (all of them when the run names no roles). */
  targets: LoadedSeries[];
  /** One per target when the run reads covariates (its own or the calendar) and the model can use them. */
  covariates?: SeriesCovariates[];
  /** Said on the leaderboard when the run's covariates or calendar were left out for this model. */
  warnings: string[];
  /** What the run's calendar came to, when the model read it. */
  calendar?: CalendarUsed;
}

/**
 * The run's targets and, per target, its covariates cut to line up with it: past ones to the target's length, future
 * ones `horizon` further, then the run's calendar built from each target's own grid (future covariates, known for the
 * horizon). Checked again here, since rows may have been appended since the run was created. A model that cannot use
 * covariates forecasts the targets alone (as on the command line), and says so; one that reads only future covariates
 * (auto_arima, calendar_regression) leaves the past ones out, and says so.
 */
export function seriesForRun(
  series: LoadedSeries[],
  run: { covariates: unknown; calendar: unknown; horizon: number },
  model: { kind: string },
  frequency: Frequency,
): RunSeries {
  if (!run.covariates && !run.calendar) return { targets: series, warnings: [] };
  const reads = MODEL_CATALOGUE[modelKindSchema.parse(model.kind)].covariates;
  const usable = reads !== 'none';
  const { targets, covariates, warnings } = givenCovariates(series, run, model.kind, usable, reads === 'future');
  if (!run.calendar) return { targets, covariates, warnings };
  if (!usable) return { targets, warnings: [...warnings, `${model.kind} cannot use the calendar: it forecast without it`] };
  const spec = calendarSpecSchema.parse(run.calendar);
  const grids = targets.map((t) => ({ start: t.start, frequency, length: t.length, horizon: run.horizon }));
  const withDates = withCalendar(covariates, grids, spec);
  return { targets, covariates: withDates.covariates, warnings, calendar: withDates.used };
}

/** The run's own covariate series (RunCovariates), as the model can read them. */
function givenCovariates(
  series: LoadedSeries[],
  run: { covariates: unknown; horizon: number },
  kind: string,
  usable: boolean,
  futureOnly: boolean,
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
  if (!usable) return { targets, warnings: [`${kind} cannot use covariates: it forecast the targets alone`] };
  const warnings = futureOnly && roles.past.length > 0 ? [`${kind} reads only future covariates: it left out the past ones`] : [];
  const past = futureOnly ? [] : roles.past;
  const cut = (key: string, target: LoadedSeries, length: number) => {
    const values = get(key).values;
    if (values.length < length) {
      throw new UserError(`Covariate "${key}" has ${values.length} points; target "${target.key}" needs ${length} from it.`);
    }
    return values.subarray(0, length);
  };
  const covariates = targets.map((t) => ({
    past: past.map((key) => cut(key, t, t.length)),
    future: roles.future.map((key) => cut(key, t, t.length + run.horizon)),
  }));
  return { targets, covariates, warnings };
}

/** The grid a dataset's series are on (all a fit needs of its profile). */
export function frequencyOf(profile: unknown): Frequency {
  return datasetProfileSchema.pick({ frequency: true }).parse(profile).frequency;
}
