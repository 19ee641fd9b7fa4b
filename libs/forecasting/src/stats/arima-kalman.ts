/**
 * Exact Gaussian likelihood of a stationary ARMA by the Kalman filter in Harvey's state-space form (as R's
 * ARIMA_Like): the stationary initial state covariance from the process autocovariances, then the filter.
 */

/**
 * Autocovariances γ(0..maxLag) and ψ weights ψ(0..maxLag) of a stationary ARMA with unit innovation variance:
 * γ(0..p) from the linear system γ(k) − Σ φ_j γ(|k−j|) = Σ_{j≥k} θ_j ψ_{j−k}, higher lags by the AR recursion.
 * Null when the system is singular (a unit root).
 */
function armaAutocovariance(
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  maxLag: number,
): { gamma: Float64Array; psi: Float64Array } | null {
  const p = phi.length;
  const q = theta.length;
  const th = (j: number): number => (j === 0 ? 1 : j <= q ? theta[j - 1] : 0);
  const psi = new Float64Array(Math.max(maxLag, q) + 1);
  for (let j = 0; j < psi.length; j++) {
    let v = th(j);
    for (let k = 1; k <= Math.min(j, p); k++) v += phi[k - 1] * psi[j - k];
    psi[j] = v;
  }
  const c = (k: number): number => {
    let v = 0;
    for (let j = k; j <= q; j++) v += th(j) * psi[j - k];
    return v;
  };
  const size = p + 1;
  const A = Array.from({ length: size }, () => new Float64Array(size));
  const b = new Float64Array(size);
  for (let k = 0; k <= p; k++) {
    A[k][k] += 1;
    for (let j = 1; j <= p; j++) A[k][Math.abs(k - j)] -= phi[j - 1];
    b[k] = c(k);
  }
  // Gaussian elimination with partial pivoting.
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let row = col + 1; row < size; row++) if (Math.abs(A[row][col]) > Math.abs(A[pivot][col])) pivot = row;
    if (Math.abs(A[pivot][col]) < 1e-12) return null;
    [A[col], A[pivot]] = [A[pivot], A[col]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let row = col + 1; row < size; row++) {
      const f = A[row][col] / A[col][col];
      if (f === 0) continue;
      for (let k = col; k < size; k++) A[row][k] -= f * A[col][k];
      b[row] -= f * b[col];
    }
  }
  const gamma = new Float64Array(Math.max(maxLag, p) + 1);
  for (let row = size - 1; row >= 0; row--) {
    let v = b[row];
    for (let k = row + 1; k < size; k++) v -= A[row][k] * gamma[k];
    gamma[row] = v / A[row][row];
  }
  for (let k = p + 1; k < gamma.length; k++) {
    let v = c(k);
    for (let j = 1; j <= p; j++) v += phi[j - 1] * gamma[k - j];
    gamma[k] = v;
  }
  if (!(gamma[0] > 0) || !Number.isFinite(gamma[0])) return null;
  return { gamma, psi };
}

/**
 * Stationary state covariance (unit innovation variance) of the ARMA in Harvey's state-space form. Its state is
 * α[i] = Σ_{k≥1} φ_{i+k} w_{t−k} + Σ_{l≥0} θ_{i+l} ε_{t−l}, so each entry is a short sum over the non-zero
 * coefficients of autocovariances and ψ weights — cheap even for seasonal models, whose polynomials are sparse.
 * Falls back to the doubling algorithm when the autocovariance system is near-singular; null when that fails too.
 */
function stationaryCovariance(phi: ArrayLike<number>, theta: ArrayLike<number>, r: number): Float64Array | null {
  const acv = armaAutocovariance(phi, theta, r + 1);
  if (!acv || acv.gamma[0] > 1e10) return doublingCovariance(phi, theta, r);
  const { gamma, psi } = acv;
  const arIdx: number[] = [];
  for (let a = 1; a <= phi.length; a++) if (phi[a - 1] !== 0) arIdx.push(a);
  const maIdx: number[] = [0];
  for (let l = 1; l <= theta.length; l++) if (theta[l - 1] !== 0) maIdx.push(l);
  const ph = (a: number): number => phi[a - 1];
  const th = (l: number): number => (l === 0 ? 1 : theta[l - 1]);
  const P = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = i; j < r; j++) {
      let v = 0;
      for (const a of arIdx) {
        if (a <= i) continue;
        const k = a - i;
        for (const b of arIdx) {
          if (b <= j) continue;
          v += ph(a) * ph(b) * gamma[Math.abs(k - (b - j))];
        }
        // E[w_{t−k} ε_{t−l}] = ψ_{l−k} for l ≥ k.
        for (const l of maIdx) {
          if (l < j) continue;
          const lag = l - j - k;
          if (lag >= 0) v += ph(a) * th(l) * psi[lag];
        }
      }
      for (const b of arIdx) {
        if (b <= j) continue;
        const k = b - j;
        for (const l of maIdx) {
          if (l < i) continue;
          const lag = l - i - k;
          if (lag >= 0) v += th(l) * ph(b) * psi[lag];
        }
      }
      for (const l of maIdx) {
        if (l < i) continue;
        const other = l - i + j;
        if (other <= theta.length) v += th(l) * th(other);
      }
      P[i * r + j] = v;
      P[j * r + i] = v;
    }
  }
  return P;
}

function doublingCovariance(phi: ArrayLike<number>, theta: ArrayLike<number>, r: number): Float64Array | null {
  const rr = r * r;
  let P = new Float64Array(rr);
  for (let i = 0; i < r; i++) {
    const ri = i === 0 ? 1 : i - 1 < theta.length ? theta[i - 1] : 0;
    for (let j = 0; j < r; j++) {
      const rj = j === 0 ? 1 : j - 1 < theta.length ? theta[j - 1] : 0;
      P[i * r + j] = ri * rj;
    }
  }
  let A = new Float64Array(rr);
  for (let i = 0; i < r; i++) {
    A[i * r] = i < phi.length ? phi[i] : 0;
    if (i + 1 < r) A[i * r + i + 1] = 1;
  }
  const tmp = new Float64Array(rr);
  let nextP = new Float64Array(rr);
  let nextA = new Float64Array(rr);
  for (let iter = 0; iter < 60; iter++) {
    let maxA = 0;
    for (let k = 0; k < rr; k++) maxA = Math.max(maxA, Math.abs(A[k]));
    if (maxA < 1e-13) return P;
    if (!Number.isFinite(maxA) || maxA > 1e12) return null;
    // tmp = A P, nextA = A², then nextP = P + tmp Aᵀ (symmetric).
    tmp.fill(0);
    nextA.fill(0);
    for (let i = 0; i < r; i++) {
      for (let k = 0; k < r; k++) {
        const aik = A[i * r + k];
        if (aik === 0) continue;
        const rowK = k * r;
        const rowI = i * r;
        for (let j = 0; j < r; j++) {
          tmp[rowI + j] += aik * P[rowK + j];
          nextA[rowI + j] += aik * A[rowK + j];
        }
      }
    }
    for (let i = 0; i < r; i++) {
      for (let j = i; j < r; j++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += tmp[i * r + k] * A[j * r + k];
        const value = P[i * r + j] + s;
        nextP[i * r + j] = value;
        nextP[j * r + i] = value;
      }
    }
    [P, nextP] = [nextP, P];
    [A, nextA] = [nextA, A];
  }
  return null;
}

export interface KalmanResult {
  /** Σ v²/F and Σ log F over the observations. */
  ssq: number;
  sumlog: number;
  /** Predicted state for the step after the last observation. */
  state: Float64Array;
}

/**
 * Exact likelihood pieces of an ARMA for x = w − mean (Harvey's form, as R's ARIMA_Like). Because the first state
 * element is observed exactly, the covariance recursion reduces to P'[i][j] = P[i+1][j+1] − P[i+1][0]·P[j+1][0]/F
 * + R_i R_j (the AR coefficients drop out), one O(r²/2) pass per step.
 */
export function armaKalman(
  x: ArrayLike<number>,
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
): KalmanResult | null {
  const p = phi.length;
  const r = Math.max(p, theta.length + 1, 1);
  const rr = r * r;
  const P0 = stationaryCovariance(phi, theta, r);
  if (!P0) return null;
  let P: Float64Array = P0;
  let Pn: Float64Array = new Float64Array(rr);
  const R = new Float64Array(r);
  R[0] = 1;
  for (let i = 1; i < r; i++) R[i] = i - 1 < theta.length ? theta[i - 1] : 0;
  const phiR = new Float64Array(r);
  for (let i = 0; i < p; i++) phiR[i] = phi[i];
  const a = new Float64Array(r);
  // Only the upper triangle of P is kept up to date: every entry the recursion reads lies in it.
  // gain[j] = P[j+1][0] = P[0][j+1].
  const gain = new Float64Array(r);
  let ssq = 0;
  let sumlog = 0;
  // Once P has settled (F = 1, no change) the remaining steps are plain ARMA recursions on the state.
  let steady = false;
  const last = r - 1;
  for (let t = 0; t < x.length; t++) {
    const F = P[0];
    if (!(F > 0) || !Number.isFinite(F)) return null;
    const v = x[t] - a[0];
    ssq += (v * v) / F;
    sumlog += Math.log(F);
    for (let j = 0; j < last; j++) gain[j] = P[j + 1];
    gain[last] = 0;
    // Updated state: a + P[:,0]·v/F, whose first element is x[t] exactly; then predict with T.
    const u0 = x[t];
    const vf = v / F;
    for (let i = 0; i < last; i++) a[i] = phiR[i] * u0 + a[i + 1] + gain[i] * vf;
    a[last] = phiR[last] * u0;
    if (steady) continue;
    for (let i = 0; i < last; i++) {
      const gi = gain[i] / F;
      const ri = R[i];
      const rowNext = (i + 1) * r + 1;
      const row = i * r;
      for (let j = i; j < last; j++) Pn[row + j] = P[rowNext + j] - gi * gain[j] + ri * R[j];
      Pn[row + last] = ri * R[last];
    }
    Pn[last * r + last] = R[last] * R[last];
    const previousF = F;
    [P, Pn] = [Pn, P];
    if (Math.abs(P[0] - 1) < 1e-10 && Math.abs(P[0] - previousF) < 1e-13) {
      // Confirm the whole matrix has stopped moving before dropping the covariance recursion.
      let change = 0;
      for (let i = 0; i < r; i++) {
        for (let j = i; j < r; j++) change = Math.max(change, Math.abs(P[i * r + j] - Pn[i * r + j]));
      }
      if (change < 1e-12) steady = true;
    }
  }
  return { ssq, sumlog, state: a };
}
