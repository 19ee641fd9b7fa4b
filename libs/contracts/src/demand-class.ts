/**
 * Syntetos–Boylan–Croston demand classes (Syntetos, Boylan & Croston 2005, "On the categorization of demand
 * patterns"): the average inter-demand interval (ADI) against the squared coefficient of variation of the non-zero
 * demand sizes (CV²), cut at ADI 1.32 and CV² 0.49.
 */
export const DEMAND_CLASSES = ['smooth', 'erratic', 'intermittent', 'lumpy'] as const;
export type DemandClass = (typeof DEMAND_CLASSES)[number];

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandPattern {
  /** Known periods per period with demand (non-zero value). */
  adi: number;
  /** Squared coefficient of variation of the non-zero values (sample variance; 0 with a single demand). */
  cv2: number;
  class: DemandClass;
}

/**
 * The demand pattern of a series, or null where it is not demand data: no known non-zero value, or a negative value.
 * Missing (NaN) points are left out.
 */
export function demandPattern(values: ArrayLike<number>): DemandPattern | null {
  let known = 0;
  let demands = 0;
  // Welford's running mean and sum of squared deviations of the non-zero values.
  let mean = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v < 0) return null;
    known++;
    if (v > 0) {
      demands++;
      const delta = v - mean;
      mean += delta / demands;
      squares += delta * (v - mean);
    }
  }
  if (demands === 0) return null;
  const variance = demands > 1 ? squares / (demands - 1) : 0;
  const adi = known / demands;
  const cv2 = variance / (mean * mean);
  const sparse = adi >= ADI_CUTOFF;
  const variable = cv2 >= CV2_CUTOFF;
  return { adi, cv2, class: sparse ? (variable ? 'lumpy' : 'intermittent') : variable ? 'erratic' : 'smooth' };
}

/** Where `auto_intermittent` uses an intermittent-demand method. */
export function isSparseDemand(demandClass: DemandClass | null | undefined): boolean {
  return demandClass === 'intermittent' || demandClass === 'lumpy';
}
