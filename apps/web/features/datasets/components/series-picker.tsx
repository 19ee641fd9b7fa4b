'use client';

import { useEffect, useState } from 'react';
import { formatInteger } from '../../../lib/format';
import { useResource } from '../../../lib/use-resource';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { listSeries } from '../api/datasets.api';

const LIMIT = 50;

interface SeriesPickerProps {
  datasetId: string;
  selected: string | null;
  onSelect: (key: string) => void;
  /** Distinguishes the ids of two pickers on one page. */
  idPrefix: string;
}

export function SeriesPicker({ datasetId, selected, onSelect, idPrefix }: SeriesPickerProps) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);

  const series = useResource(`${datasetId}\u0000${query}`, (signal) => listSeries(datasetId, query, LIMIT, signal));

  // Show something straight away: the first series, until the user picks another.
  useEffect(() => {
    if (selected === null && series.data?.length) onSelect(series.data[0].id);
  }, [selected, series.data, onSelect]);

  return (
    <div className="picker">
      <label htmlFor={`${idPrefix}-search`}>Find a series</label>
      <input
        id={`${idPrefix}-search`}
        type="search"
        placeholder="Search by id"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        aria-controls={`${idPrefix}-list`}
      />
      {series.error && <ErrorState error={series.error} onRetry={series.reload} />}
      {!series.data && !series.error && <Loading>Loading series…</Loading>}
      {series.data?.length === 0 && <Empty>{query ? `No series match “${query}”.` : 'This dataset has no series.'}</Empty>}
      {series.data && series.data.length > 0 && (
        <ul id={`${idPrefix}-list`} className="picker-list" aria-label="Series">
          {series.data.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="picker-item"
                aria-pressed={s.id === selected}
                onClick={() => onSelect(s.id)}
              >
                <span className="picker-id">{s.id}</span>
                <span className="picker-meta">
                  {formatInteger(s.length)} pts{s.missing > 0 ? ` · ${formatInteger(s.missing)} missing` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {series.data?.length === LIMIT && <p className="muted small">First {LIMIT} matches; search to narrow down.</p>}
    </div>
  );
}
