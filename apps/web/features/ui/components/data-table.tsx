'use client';

import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { sortRows, type SortValue } from '../api/sort-rows';

export interface Column<T> {
  /** Names the column: `data-col` on its cells and the sort key. */
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
  /** Makes the column sortable by this value (missing values sort last either way). */
  sortValue?: (row: T) => SortValue;
  /** The cell names its row (a `<th scope="row">`), so screen readers announce it with every other cell. */
  rowHeader?: boolean;
  className?: string;
}

export interface SortOrder {
  key: string;
  descending: boolean;
}

interface DataTableProps<T> {
  /** `data-table` on the table, for tests and styling. */
  name: string;
  /** What the table lists, read by screen readers and naming the scrolling region. */
  caption: string;
  columns: readonly Column<T>[];
  /** In their default order (shown until a sortable header is chosen). */
  rows: readonly T[];
  /** Tells rows apart across renders; by default the row's `id`. */
  rowKey?: (row: T) => string;
  /** Extra attributes of a row (`data-*`, a class, aria-current). */
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, unknown>;
  className?: string;
  /** Shows the caption above the table (when it says what the page does not), instead of only to screen readers. */
  showCaption?: boolean;
}

/**
 * The one table of the dashboard: accessible markup (caption, scoped headers, `aria-sort`), headers that sort when a
 * column says how, and a wrapper that scrolls sideways inside its card on narrow screens — focusable, so a keyboard
 * can scroll it too.
 */
export function DataTable<T>({ name, caption, columns, rows, rowKey, rowProps, className, showCaption }: DataTableProps<T>) {
  const [order, setOrder] = useState<SortOrder | null>(null);
  const sortColumn = order ? columns.find((c) => c.key === order.key && c.sortValue) : undefined;
  const shown = sortColumn?.sortValue && order ? sortRows(rows, sortColumn.sortValue, order.descending) : rows;
  const sortBy = (key: string) => setOrder((o) => ({ key, descending: o?.key === key ? !o.descending : false }));

  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className={`table${className ? ` ${className}` : ''}`} data-table={name}>
        <caption className={showCaption ? undefined : 'visually-hidden'}>
          {caption}
          {columns.some((c) => c.sortValue) && (
            <span className="visually-hidden">
              ; sorted by {sortColumn ? String(sortColumn.key) : 'default order'}. Column headers with arrows sort.
            </span>
          )}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sortColumn?.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={c.sortValue ? (active ? (order?.descending ? 'descending' : 'ascending') : 'none') : undefined}
                >
                  {c.sortValue ? (
                    <button type="button" className="sort-button" onClick={() => sortBy(c.key)} data-sort={c.key}>
                      {c.header}
                      <span aria-hidden="true" className="sort-arrow">
                        {active ? (order?.descending ? '▼' : '▲') : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={rowKey ? rowKey(row) : String((row as { id?: unknown }).id)} {...rowProps?.(row)}>
              {columns.map((c) => {
                const classes = [c.numeric ? 'num' : '', c.className ?? ''].filter(Boolean).join(' ') || undefined;
                return c.rowHeader ? (
                  <th key={c.key} scope="row" className={classes} data-col={c.key}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.key} className={classes} data-col={c.key}>
                    {c.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
