// Models
export type { ForecastModel, ModelCapabilities, TrainSet, FitContext, SeriesCovariates } from './core/model';
// Covariates: aligned to each series' grid; see SeriesCovariates and EvaluateInput.covariates
export { covariatesAt, checkCovariates, hasCovariates, CovariatesError, type CovariateCounts } from './core/covariates';
// Calendar and holiday features, built from the grid alone (future covariates)
export { calendarColumns, featureVaries, type CalendarGrid, type CalendarColumns } from './calendar/calendar-features';
export { withCalendar } from './calendar/calendar-covariates';
export { MODEL_FACTORIES, createModel, parseModelParams, restoreModel, UnknownModelError, type ModelFactory } from './models/model-kinds';
export { ArtifactError, concatLocalArtifacts, deserializeArtifact, serializeArtifact, type ModelArtifact } from './core/artifact';
export { NaiveModel, naiveForecast } from './models/naive.model';
export { SeasonalNaiveModel, seasonalNaiveForecast, seasonalNaivePeriod } from './models/seasonal-naive.model';
export { MstlModel } from './models/mstl.model';
export { DriftModel, driftForecast } from './models/drift.model';
export { CalendarRegressionModel } from './models/calendar-regression.model';

// Evaluation
export * from './evaluation/metrics';
export { rmsse, scaledBias } from './evaluation/scaled-errors';
export { METRIC_NAMES, windowMetrics, meanMetrics, robustScale, PrefixScales } from './evaluation/scoring';
export { scoreArrivedActuals, type IssuedForecast } from './evaluation/live-scores';
export { conformalQuantile, calibrate, intervalFor, type ConformalCalibration } from './evaluation/conformal';
export {
  planCutoffs,
  validatePlan,
  isFixedRange,
  type BacktestPlan,
  type RollingPlan,
  type FixedRangePlan,
} from './evaluation/cross-validation';

// Engine
export {
  evaluateModel,
  evaluateSlice,
  type SliceEvaluation,
  type EvaluateInput,
  type ModelEvaluation,
  type SeriesEvaluation,
  type Evaluation,
  type EvaluationArtifact,
} from './engine/evaluate-model';

export {
  combineForecasts,
  evaluateEnsemble,
  type EnsembleCombine,
  type EnsembleEvaluation,
  type EnsembleInput,
  type EnsembleMember,
  type EnsembleSelection,
  type MemberEvaluation,
} from './engine/ensemble';
export { summarize, type Backtested, type ScoredSlice } from './engine/summarize';
export { combineSlices, type EvaluatedSlice, type SliceSettings } from './engine/combine-slices';
export { detectDatasetSeasonalities, type DetectedSeasonality } from './engine/seasonalities';
export { detectSeasonalities } from './stats/seasonality';
export { mstl, type MstlDecomposition } from './stats/mstl';
export { stl } from './stats/stl';
export { rankBy } from './evaluation/ranking';

// Data
export { fillMissing, countMissing, FILL_STRATEGIES, type FillStrategy, type FillResult } from './core/fill';
export { boundForecast, floorAtZero, isNonNegative } from './core/non-negative';
export { trainValidationSplit } from './core/split';

// Neural building blocks (TensorFlow.js backend choice, fused layers for WASM, training loop)
export * from './neural';

// Global neural models and their training framework
export { NeuralModel, fitReportOf } from './neural/training/neural-model';
export type { FitReport, MemberReport } from './neural/training/fit-report';
export type { EpochRecord } from './neural/training/train-loop';
// The networks and loop runs train, for benches that time them directly (bench/train-speed.ts)
export { trainLoop, evaluateLoss, type LoopData, type LoopSettings } from './neural/training/train-loop';
export { parameterCount, type Network, type NetworkDims } from './neural/training/network';
export { gatherWindows, type Origins, type ScaledSeries } from './neural/training/series-windows';
export { RecurrentDirectNet } from './models/lstm.model';
export { PatchTransformerNet, planPatches } from './models/transformer.model';
export { NLinearModel } from './models/nlinear.model';
export { DLinearModel } from './models/dlinear.model';
export { LstmModel } from './models/lstm.model';
export { GruModel } from './models/gru.model';
export { TransformerModel } from './models/transformer.model';
export { RnnAttentionModel } from './models/rnn-attention.model';
export { ENGINE_VERSION } from './version';
