import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import {
  ALL_ETS_CONFIGS,
  autoEts,
  configName,
  fitEtsConfig,
  fitSimpleSmoothing,
  forecastEts,
  initialState,
  refilterEts,
  type EtsFit,
} from './ets';

const airline = readColumn('airline-passengers.csv', 1);

describe('autoEts', () => {
  it('reproduces R forecast::ets(AirPassengers)', () => {
    // R (forecast 8.x): ETS(M,Ad,M), alpha 0.7096, beta 0.0204, gamma 1e-04, phi 0.98; AIC 1395.166, AICc 1400.638.
    const fit = autoEts(airline, 12) as EtsFit;
    expect(configName(fit.config)).toBe('ETS(M,Ad,M)');
    expect(fit.alpha).toBeCloseTo(0.7096, 3);
    expect(fit.beta).toBeCloseTo(0.0204, 3);
    expect(fit.gamma).toBeCloseTo(1e-4, 4);
    expect(fit.phi).toBeCloseTo(0.98, 3);
    expect(fit.aic).toBeCloseTo(1395.166, 2);
    expect(fit.aicc).toBeCloseTo(1400.638, 2);
  });

  it('considers only additive error and season for data with zeros or negatives', () => {
    const shifted = airline.map((v) => v - 300);
    const fit = autoEts(shifted, 12) as EtsFit;
    expect(fit.config.error).toBe('A');
    expect(fit.config.season).not.toBe('M');
    expect(forecastEts(fit, 12).every(Number.isFinite)).toBe(true);
  });

  it('drops seasonal configurations when m = 1 or the series is not longer than m', () => {
    expect(autoEts(airline, 1)?.config.season).toBe('N');
    expect(autoEts(airline.subarray(0, 12), 12)?.config.season).toBe('N');
  });

  it('allows the fifteen configurations of ets(model = "ZZZ") without multiplicative trend', () => {
    expect(ALL_ETS_CONFIGS.map(configName).sort()).toEqual(
      [
        'ETS(A,N,N)', 'ETS(A,A,N)', 'ETS(A,Ad,N)', 'ETS(A,N,A)', 'ETS(A,A,A)', 'ETS(A,Ad,A)',
        'ETS(M,N,N)', 'ETS(M,A,N)', 'ETS(M,Ad,N)', 'ETS(M,N,A)', 'ETS(M,A,A)', 'ETS(M,Ad,A)',
        'ETS(M,N,M)', 'ETS(M,A,M)', 'ETS(M,Ad,M)',
      ].sort(),
    );
  });
});

describe('fitEtsConfig', () => {
  it('returns null for too few observations, or a multiplicative error on non-positive data', () => {
    expect(fitEtsConfig([1, 2, 3, 4], { error: 'A', trend: 'A', season: 'N', damped: true }, 1)).toBeNull();
    const mnn = { error: 'M', trend: 'N', season: 'N', damped: false } as const;
    expect(fitEtsConfig([1, 0, 3, 4, 5, 6, 7, 8, 9, 10], mnn, 1)).toBeNull();
  });

  it('keeps the parameters in the region forecast allows', () => {
    const fit = fitEtsConfig(airline, { error: 'A', trend: 'A', season: 'A', damped: true }, 12) as EtsFit;
    expect(fit.alpha).toBeGreaterThanOrEqual(1e-4);
    expect(fit.alpha).toBeLessThanOrEqual(0.9999);
    expect(fit.beta).toBeLessThanOrEqual(fit.alpha);
    expect(fit.gamma).toBeLessThanOrEqual(1 - fit.alpha);
    expect(fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.phi).toBeLessThanOrEqual(0.98);
  });

  it('starts seasonal states from a harmonic regression under three seasons', () => {
    // 30 months from January 1949: the forecast starts in July, the peak, and passes November's trough.
    const mnm = { error: 'M', trend: 'N', season: 'M', damped: false } as const;
    const fit = fitEtsConfig(airline.subarray(0, 30), mnm, 12) as EtsFit;
    const f = forecastEts(fit, 12);
    expect(f[0]).toBeGreaterThan(1.2 * f[4]);
  });

  it('refiltering the fitted history lands on the fitted final state', () => {
    const fit = fitEtsConfig(airline, { error: 'M', trend: 'A', season: 'M', damped: true }, 12) as EtsFit;
    const again = refilterEts(fit, airline);
    again.state.forEach((v, i) => expect(v).toBeCloseTo(fit.state[i], 8));
  });
});

describe('initialState', () => {
  it('takes the level from the first ten values and the slope from a line through them', () => {
    const y = Float64Array.from({ length: 30 }, (_, i) => 5 + 2 * (i + 1));
    expect(initialState(y, 'N', 'N', 1)[0]).toBeCloseTo(5 + 2 * 5.5, 12);
    const [l, b] = initialState(y, 'A', 'N', 1);
    expect(l).toBeCloseTo(5, 10);
    expect(b).toBeCloseTo(2, 10);
  });
});

describe('forecastEts', () => {
  it('damps the slope geometrically: l + (φ + φ² + … + φ^h)·b', () => {
    const fit = {
      config: { error: 'A', trend: 'A', season: 'N', damped: true },
      m: 1,
      phi: 0.9,
      state: Float64Array.of(100, 10),
    } as EtsFit;
    const f = forecastEts(fit, 3);
    expect(f[0]).toBeCloseTo(109, 12);
    expect(f[1]).toBeCloseTo(100 + (0.9 + 0.81) * 10, 12);
    expect(f[2]).toBeCloseTo(100 + (0.9 + 0.81 + 0.729) * 10, 12);
  });

  it('cycles the seasonal states, oldest first', () => {
    const fit = {
      config: { error: 'A', trend: 'N', season: 'A', damped: false },
      m: 3,
      phi: 1,
      state: Float64Array.of(10, 1, 2, 3), // s_0 newest … s_2 oldest
    } as EtsFit;
    expect(Array.from(forecastEts(fit, 4))).toEqual([13, 12, 11, 13]);
  });
});

describe('fitSimpleSmoothing (series too short to estimate initial states)', () => {
  it('forecasts the only value of a one-point series, and extends a two-point line', () => {
    expect(Array.from(forecastEts(fitSimpleSmoothing([7], 'N'), 2))).toEqual([7, 7]);
    const line = forecastEts(fitSimpleSmoothing([3, 5], 'A'), 2);
    expect(line[0]).toBeCloseTo(7, 10);
    expect(line[1]).toBeCloseTo(9, 10);
  });

  it('fits a short noisy series with parameters in [0, 1]', () => {
    const fit = fitSimpleSmoothing([10, 12, 11, 13, 12], 'A');
    expect(fit.alpha).toBeGreaterThan(0);
    expect(fit.alpha).toBeLessThanOrEqual(1);
    expect(forecastEts(fit, 3).every(Number.isFinite)).toBe(true);
  });
});
