/**
 * The settings a deep model's fit resolved, in words: "input 192 steps · both value scales · linear highway" (a
 * Transformer on hourly data: "input 192 + 336 steps", its two input lengths). Two
 * runs of one kind with different defaults (or params) read apart by these; params show only what was asked.
 */
export function fitSettingsSummary(settings: Record<string, unknown> | undefined): string {
  if (!settings) return '';
  const parts: string[] = [];
  if (typeof settings.inputSize === 'number') {
    const second = typeof settings.cycleInputSize === 'number' ? ` + ${settings.cycleInputSize}` : '';
    parts.push(`input ${settings.inputSize}${second} steps`);
  }
  if (settings.valueScale === 'both') parts.push('both value scales');
  else if (typeof settings.valueScale === 'string') parts.push(`${settings.valueScale} value scale`);
  if (typeof settings.highway === 'boolean') parts.push(settings.highway ? 'linear highway' : 'no highway');
  return parts.join(' · ');
}
