import type { ModelProgress, NeuralFitReport } from '@foretell/contracts';

/** An epoch in the engine's progress message: `forecast: lstm 2/3 epoch 5/40 loss 0.1234 val 0.2345` (member optional). */
const EPOCH_MESSAGE = /^([^:]*): \S+(?: (\d+)\/(\d+))? epoch (\d+)\/(\d+) loss (\S+)(?: val (\S+))?/;

interface Epoch {
  phase: string;
  member: number;
  members: number;
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
}

function parse(message: string | undefined): Epoch | null {
  const m = message ? EPOCH_MESSAGE.exec(message) : null;
  if (!m) return null;
  return {
    phase: m[1]!,
    member: Number(m[2] ?? 1),
    members: Number(m[3] ?? 1),
    epoch: Number(m[4]),
    epochs: Number(m[5]),
    loss: Number(m[6]),
    valLoss: m[7] === undefined ? null : Number(m[7]),
  };
}

/** The epoch fields of a progress event, when its message reports one. */
export function epochOf(message: string | undefined): Pick<ModelProgress, 'epoch' | 'epochs' | 'loss' | 'valLoss'> {
  const e = parse(message);
  if (!e) return {};
  return { epoch: e.epoch, epochs: e.epochs, loss: e.loss, ...(e.valLoss === null ? {} : { valLoss: e.valLoss }) };
}

/**
 * Collects the epochs of the final fit (the `forecast` phase: on the whole series, the fit whose forecasts are kept)
 * from the engine's progress messages, and turns them into the run's fit report.
 */
export class EpochLog {
  private readonly final: Epoch[] = [];

  observe(message: string | undefined): void {
    const e = parse(message);
    if (e?.phase === 'forecast') this.final.push(e);
  }

  /** Null for models that train no network. `weightShapes`: of every member's tensors, from the saved model. */
  report(weightShapes?: readonly (readonly number[])[]): NeuralFitReport | null {
    const first = this.final[0];
    if (!first) return null;
    const weights = weightShapes?.reduce((n, shape) => n + shape.reduce((a, b) => a * b, 1), 0);
    return {
      epochs: this.final.length,
      maxEpochs: first.epochs,
      members: first.members,
      parameterCount: weights === undefined ? null : weights / first.members,
      curve: this.final.filter((e) => e.member === 1).map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss })),
    };
  }
}
