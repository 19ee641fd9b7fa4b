'use client';

import { useMemo } from 'react';
import { CALENDAR_FEATURES, holidayCountries, holidayRegions } from '@foretell/contracts';
import { CALENDAR_FEATURE_LABELS, type CalendarChoice } from '../api/calendar-choice';
import { LabelledSelect } from '../../ui/components/labelled-input';

/**
 * The run's calendar: features built from the timestamps and public holidays of a region, known for the horizon.
 * Models that can read them (MODEL_CATALOGUE in contracts says which) do; the others say they did not.
 */
export function CalendarFields({
  choice,
  onChange,
  idPrefix,
}: {
  choice: CalendarChoice;
  onChange: (next: CalendarChoice) => void;
  /** Prefix of the controls' ids, unique on the page. */
  idPrefix: string;
}) {
  const countries = useMemo(() => Object.entries(holidayCountries()).sort((a, b) => a[1].localeCompare(b[1])), []);
  const regions = useMemo(() => (choice.country ? Object.entries(holidayRegions(choice.country)) : []), [choice.country]);
  const toggle = (feature: (typeof CALENDAR_FEATURES)[number], on: boolean) => {
    const features = new Set(choice.features);
    if (on) features.add(feature);
    else features.delete(feature);
    onChange({ ...choice, features });
  };
  return (
    <fieldset className="fieldset">
      <legend>Calendar</legend>
      <p className="hint">
        Features of the dates, known ahead. Those that do not change at the data&apos;s frequency (hour of day for daily data)
        are left out; the run shows what was used.
      </p>
      <div className="form-row">
        {CALENDAR_FEATURES.map((feature) => (
          <label className="check" key={feature}>
            <input type="checkbox" checked={choice.features.has(feature)} onChange={(e) => toggle(feature, e.target.checked)} />
            {CALENDAR_FEATURE_LABELS[feature]}
          </label>
        ))}
      </div>
      <div className="form-row">
        <LabelledSelect
          id={`${idPrefix}-holidays`}
          label="Public holidays"
          value={choice.country}
          onChange={(country) => onChange({ ...choice, country, region: '' })}
          options={[['', 'None'], ...countries.map(([code, name]) => [code, `${name} (${code})`] as const)]}
        />
        {regions.length > 0 && (
          <LabelledSelect
            id={`${idPrefix}-holiday-region`}
            label="Region"
            value={choice.region}
            onChange={(region) => onChange({ ...choice, region })}
            options={[['', 'Whole country'], ...regions.map(([code, name]) => [code, `${name} (${code})`] as const)]}
          />
        )}
      </div>
    </fieldset>
  );
}
