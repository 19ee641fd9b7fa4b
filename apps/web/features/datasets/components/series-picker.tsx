'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatInteger } from '../../../lib/format';
import { useResource } from '../../../lib/use-resource';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { listSeries } from '../api/datasets.api';
import { moveActive } from '../api/list-navigation';

/** Series fetched per search: the API filters among thousands, the page never holds them all. */
const LIMIT = 50;
const DEBOUNCE_MS = 250;

interface SeriesPickerProps {
  datasetId: string;
  selected: string | null;
  onSelect: (key: string) => void;
  /** Distinguishes the ids of two pickers on one page. */
  idPrefix: string;
  /** The dataset's version: the list is fetched again when it changes (an append lengthens the series). */
  version?: number;
}

/**
 * A search box over a listbox (the combobox pattern): typing searches on the server (debounced), the arrow keys,
 * Home/End and Page Up/Down move through the matches while focus stays in the box, Enter picks one.
 */
export function SeriesPicker({ datasetId, selected, onSelect, idPrefix, version = 0 }: SeriesPickerProps) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search.trim()), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [search]);

  const series = useResource(`${datasetId}\u0000${version}\u0000${query}`, (signal) => listSeries(datasetId, query, LIMIT, signal));
  const items = series.data ?? [];
  useEffect(() => setActive(-1), [series.data]);

  // Show something straight away: the first series, until the user picks another.
  useEffect(() => {
    if (selected === null && series.data?.length) onSelect(series.data[0].id);
  }, [selected, series.data, onSelect]);

  useEffect(() => {
    if (active >= 0) listRef.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      const item = items[active] ?? (items.length === 1 ? items[0] : undefined);
      if (item) onSelect(item.id);
      return;
    }
    if (event.key === 'Escape' && search) {
      setSearch('');
      return;
    }
    const next = moveActive(active, event.key, items.length);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
  }

  const optionId = (i: number) => `${idPrefix}-option-${i}`;
  return (
    <div className="picker">
      <label htmlFor={`${idPrefix}-search`}>Find a series</label>
      <input
        id={`${idPrefix}-search`}
        type="search"
        role="combobox"
        placeholder="Search by id"
        autoComplete="off"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={keyDown}
        aria-controls={`${idPrefix}-list`}
        aria-expanded={items.length > 0}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 && items[active] ? optionId(active) : undefined}
      />
      <span className="hint">↑ ↓ to move, Enter to show</span>
      {series.error && <ErrorState error={series.error} onRetry={series.reload} />}
      {!series.data && !series.error && <Loading>Loading series…</Loading>}
      {series.data?.length === 0 && <Empty>{query ? `No series match “${query}”.` : 'This dataset has no series.'}</Empty>}
      {items.length > 0 && (
        <ul id={`${idPrefix}-list`} ref={listRef} className="picker-list" role="listbox" aria-label="Series" aria-busy={series.loading}>
          {items.map((s, i) => (
            <li
              key={s.id}
              id={optionId(i)}
              role="option"
              aria-selected={s.id === selected}
              data-active={i === active || undefined}
              className="picker-item"
              onClick={() => onSelect(s.id)}
              onMouseMove={() => setActive(i)}
            >
              <span className="picker-id">{s.id}</span>
              <span className="picker-meta">
                {formatInteger(s.length)} pts{s.missing > 0 ? ` · ${formatInteger(s.missing)} missing` : ''}
                {s.demandClass && ` · ${s.demandClass}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {series.data?.length === LIMIT && <p className="muted small">First {LIMIT} matches; type to narrow down.</p>}
    </div>
  );
}
