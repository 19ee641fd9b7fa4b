// Neural building blocks on TensorFlow.js: backend choice, fused recurrent layers, a training loop.
export {
  initBackend,
  backendInfo,
  parseBackendChoice,
  BACKEND_CHOICES,
  BACKEND_ENV,
  type BackendChoice,
  type BackendInfo,
  type InitBackendOptions,
} from './wasm/backend';
export { lstm, lstmReference, gru, gruReference, type LstmWeights, type GruWeights, type RecurrentOptions } from './ops/recurrent';
export { LstmLayer } from './layers/lstm.layer';
export { GruLayer } from './layers/gru.layer';
export { DenseLayer } from './layers/dense.layer';
export {
  linear,
  layerNorm,
  layerNormReference,
  gelu,
  geluReference,
  selfAttention,
  attentionReference,
} from './ops/transformer.ops';
export { encoderLayer } from './ops/encoder-layer';
export { createAdam, type AdamOptimizer, type AdamOptions } from './ops/adam';
export { meanSquaredError } from './ops/mse';
export { glorotUniform, orthogonal } from './layers/init';
export { wasmScratchStats } from './wasm/heap';
