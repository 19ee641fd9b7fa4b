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
} from './backend';
export { lstm, lstmReference, LstmLayer, type LstmWeights, type RecurrentOptions } from './lstm.layer';
export { gru, gruReference, GruLayer, type GruWeights } from './gru.layer';
export { DenseLayer } from './dense.layer';
export {
  linear,
  layerNorm,
  layerNormReference,
  gelu,
  geluReference,
  selfAttention,
  attentionReference,
} from './transformer.ops';
export { encoderLayer } from './encoder-layer';
export { createAdam, type AdamOptimizer, type AdamOptions } from './adam';
export { meanSquaredError } from './mse';
export { seededRandom, normalSampler, glorotUniform, orthogonal } from './init';
export { wasmScratchStats } from './wasm-heap';
