import { RecurrentModel } from './lstm.model';

/** GRU encoder (fused WASM kernels where available) with a direct multi-step dense head. */
export class GruModel extends RecurrentModel<'gru'> {
  readonly kind = 'gru' as const;
  protected readonly cell = 'gru' as const;
}
