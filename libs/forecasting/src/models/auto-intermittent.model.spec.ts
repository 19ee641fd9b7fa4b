import { describe, expect, it } from 'vitest';
import { imapaForecast, tsbForecast } from '../stats/intermittent';
import { createModel, restoreModel } from './model-kinds';

const spares = Float64Array.of(0, 0, 3, 0, 0, 0, 5, 0, 0, 2, 0, 0, 0, 4, 0, 0, 3, 0, 0, 0, 6, 0, 0, 2);
const steady = Float64Array.from({ length: 24 }, (_, i) => 50 + (i % 4) + i / 2);

async function forecasts(params: Record<string, unknown>, series: Float64Array[]): Promise<Float64Array[]> {
  const model = createModel({ kind: 'auto_intermittent', params });
  await model.fit({ series, season: 12, seed: 0 });
  return model.predict(6);
}

describe('auto_intermittent', () => {
  it('uses IMAPA for an intermittent series and Theta for a smooth one, as its own kinds would', async () => {
    const [sparse, smooth] = await forecasts({}, [spares, steady]);
    expect(Array.from(sparse)).toEqual(new Array(6).fill(imapaForecast(spares)));
    const theta = createModel({ kind: 'theta' });
    await theta.fit({ series: [steady], season: 12, seed: 0 });
    expect(Array.from(smooth)).toEqual(Array.from((await theta.predict(6))[0]));
  });

  it('takes the intermittent method and the fallback from its parameters', async () => {
    const [sparse, smooth] = await forecasts({ intermittent: 'tsb', otherwise: 'ses' }, [spares, steady]);
    expect(sparse[0]).toBeCloseTo(tsbForecast(spares, 0.1, 0.1), 12);
    const ses = createModel({ kind: 'ses' });
    await ses.fit({ series: [steady], season: 12, seed: 0 });
    expect(Array.from(smooth)).toEqual(Array.from((await ses.predict(6))[0]));
  });

  it('restores a saved fit that forecasts the same for both kinds of series', async () => {
    const model = createModel({ kind: 'auto_intermittent' });
    await model.fit({ series: [spares, steady], season: 12, seed: 0 });
    if (!model.save) throw new Error('auto_intermittent cannot be saved');
    const restored = await restoreModel(JSON.parse(JSON.stringify(model.save())));
    expect((await restored.predict(6)).map((f) => Array.from(f))).toEqual((await model.predict(6)).map((f) => Array.from(f)));
  });

  it('refuses an unknown method with the parameter at fault', () => {
    expect(() => createModel({ kind: 'auto_intermittent', params: { intermittent: 'prophet' } })).toThrow(/intermittent/);
  });
});
