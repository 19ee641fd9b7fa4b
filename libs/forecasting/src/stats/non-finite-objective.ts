/**
 * An optimiser's objective is not finite where it starts: the data are out of the model's numeric range (values so
 * large, or so spread, that squared errors overflow). Retrying cannot help; the engine tells the user which series.
 */
export class NonFiniteObjectiveError extends RangeError {
  override name = 'NonFiniteObjectiveError';
}
