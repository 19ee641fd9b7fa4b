import { calendarSpecSchema } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { calendarFromChoice, calendarSummary, NO_CALENDAR } from './calendar-choice';

describe('calendarFromChoice', () => {
  it('sends no calendar when nothing is chosen', () => {
    expect(calendarFromChoice(NO_CALENDAR)).toBeUndefined();
  });

  it('sends the ticked features in a fixed order and the holiday region as date-holidays names it', () => {
    const spec = calendarFromChoice({ features: new Set(['month', 'weekday']), country: 'AU', region: 'VIC' });
    expect(spec).toEqual({ features: ['weekday', 'month'], holidays: 'AU-VIC' });
    expect(calendarSpecSchema.safeParse(spec).success).toBe(true);
    expect(calendarFromChoice({ features: new Set(), country: 'DE', region: '' })).toEqual({ features: [], holidays: 'DE' });
  });
});

describe('calendarSummary', () => {
  it('says what the calendar came to, and what was left out', () => {
    const used = { columns: [], features: ['weekday' as const], skipped: ['hour'], holidays: 'DE', holidaysInData: 1, holidaysInHorizon: 3 };
    expect(calendarSummary({ features: ['weekday', 'hour'], holidays: 'DE', used })).toBe(
      'Day of week; DE holidays: 1 in the data, 3 ahead; left out: hour',
    );
    expect(calendarSummary({ features: 'auto', holidays: 'US', used: null })).toBe('auto; US holidays (not built yet)');
  });
});
