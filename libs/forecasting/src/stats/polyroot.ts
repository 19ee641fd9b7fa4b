/**
 * Roots of a real polynomial by the Aberth–Ehrlich iteration (simultaneous Newton with repulsion), used to check
 * stationarity/invertibility of ARIMA polynomials and the admissibility of seasonal ETS parameters. Degrees stay
 * small (≤ ~60), where this converges in a few dozen sweeps.
 */

export interface Roots {
  re: Float64Array;
  im: Float64Array;
}

/** Roots of c[0] + c[1]·z + … + c[d]·z^d (coefficients in increasing order). Trailing zero coefficients are dropped. */
export function polyroot(coefficients: ArrayLike<number>): Roots {
  let d = coefficients.length - 1;
  while (d > 0 && coefficients[d] === 0) d--;
  if (d <= 0) return { re: new Float64Array(0), im: new Float64Array(0) };
  // Monic form, highest degree first: z^d + a[1] z^(d−1) + … + a[d].
  const lead = coefficients[d];
  const a = new Float64Array(d + 1);
  for (let k = 0; k <= d; k++) a[k] = coefficients[d - k] / lead;

  const re = new Float64Array(d);
  const im = new Float64Array(d);
  if (d === 1) {
    re[0] = -a[1];
    return { re, im };
  }
  if (d === 2) {
    const disc = a[1] * a[1] - 4 * a[2];
    if (disc >= 0) {
      // Numerically stable pair: q = −(b + sign(b)√disc)/2, roots q and c/q.
      const q = -0.5 * (a[1] + (a[1] >= 0 ? 1 : -1) * Math.sqrt(disc));
      re[0] = q;
      re[1] = q === 0 ? 0 : a[2] / q;
    } else {
      re[0] = re[1] = -a[1] / 2;
      im[0] = Math.sqrt(-disc) / 2;
      im[1] = -im[0];
    }
    return { re, im };
  }

  // Start on a circle of the Cauchy-bound radius, at angles offset so no start is real-symmetric.
  let radius = 0;
  for (let k = 1; k <= d; k++) radius = Math.max(radius, Math.pow(Math.abs(a[k]), 1 / k));
  radius = Math.max(radius, 1e-3);
  for (let k = 0; k < d; k++) {
    const angle = (2 * Math.PI * k) / d + 0.4;
    re[k] = radius * Math.cos(angle);
    im[k] = radius * Math.sin(angle);
  }

  for (let sweep = 0; sweep < 500; sweep++) {
    let moved = 0;
    for (let k = 0; k < d; k++) {
      // p(z) and p'(z) by Horner.
      const zr = re[k];
      const zi = im[k];
      let pr = 1;
      let pi = 0;
      let dr = 0;
      let di = 0;
      for (let j = 1; j <= d; j++) {
        const ndr = dr * zr - di * zi + pr;
        const ndi = dr * zi + di * zr + pi;
        dr = ndr;
        di = ndi;
        const npr = pr * zr - pi * zi + a[j];
        const npi = pr * zi + pi * zr;
        pr = npr;
        pi = npi;
      }
      // ratio = p/p'
      const dd = dr * dr + di * di;
      if (dd === 0 && pr === 0 && pi === 0) continue;
      const rr = dd === 0 ? 1e-8 : (pr * dr + pi * di) / dd;
      const ri = dd === 0 ? 0 : (pi * dr - pr * di) / dd;
      // sum of 1/(z_k − z_j)
      let sr = 0;
      let si = 0;
      for (let j = 0; j < d; j++) {
        if (j === k) continue;
        const xr = zr - re[j];
        const xi = zi - im[j];
        const xx = xr * xr + xi * xi;
        if (xx === 0) continue;
        sr += xr / xx;
        si += -xi / xx;
      }
      // w = ratio / (1 − ratio·sum)
      const denR = 1 - (rr * sr - ri * si);
      const denI = -(rr * si + ri * sr);
      const den = denR * denR + denI * denI;
      const wr = den === 0 ? rr : (rr * denR + ri * denI) / den;
      const wi = den === 0 ? ri : (ri * denR - rr * denI) / den;
      re[k] = zr - wr;
      im[k] = zi - wi;
      moved = Math.max(moved, Math.hypot(wr, wi) / Math.max(1, Math.hypot(zr, zi)));
    }
    if (moved < 1e-14) break;
  }
  return { re, im };
}

/** Smallest modulus among the roots (Infinity for a constant polynomial). */
export function minRootModulus(coefficients: ArrayLike<number>): number {
  const { re, im } = polyroot(coefficients);
  let min = Infinity;
  for (let k = 0; k < re.length; k++) min = Math.min(min, Math.hypot(re[k], im[k]));
  return min;
}

/** Largest modulus among the roots (0 for a constant polynomial). */
export function maxRootModulus(coefficients: ArrayLike<number>): number {
  const { re, im } = polyroot(coefficients);
  let max = 0;
  for (let k = 0; k < re.length; k++) max = Math.max(max, Math.hypot(re[k], im[k]));
  return max;
}
