'use client';

import Link from 'next/link';
import { frequencyLabel, type DatasetSummary } from '@foretell/contracts';
import { formatBytes, formatInteger, formatMoment } from '../../../lib/format';
import type { Resource } from '../../../lib/use-resource';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ListStates } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';

const COLUMNS: Column<DatasetSummary>[] = [
  { key: 'name', header: 'Name', rowHeader: true, sortValue: (d) => d.name, cell: (d) => <Link href={`/datasets/${d.id}`}>{d.name}</Link> },
  { key: 'status', header: 'Status', sortValue: (d) => d.status, cell: (d) => <StatusBadge status={d.status} /> },
  { key: 'series', header: 'Series', numeric: true, sortValue: (d) => d.profile?.seriesCount, cell: (d) => formatInteger(d.profile?.seriesCount) },
  { key: 'frequency', header: 'Frequency', cell: (d) => (d.profile ? frequencyLabel(d.profile.frequency) : '—') },
  { key: 'points', header: 'Points', numeric: true, sortValue: (d) => d.profile?.points, cell: (d) => formatInteger(d.profile?.points) },
  { key: 'size', header: 'Size', numeric: true, sortValue: (d) => d.bytes, cell: (d) => formatBytes(d.bytes) },
  { key: 'created', header: 'Created', sortValue: (d) => d.createdAt, cell: (d) => <time dateTime={d.createdAt}>{formatMoment(d.createdAt)}</time> },
];

export function DatasetList({ datasets }: { datasets: Resource<DatasetSummary[]> }) {
  return (
    <section className="card" aria-labelledby="datasets-title">
      <h2 id="datasets-title">Datasets</h2>
      <ListStates list={datasets} loading="Loading datasets…" empty="No datasets yet. Upload a CSV to get started.">
        {(items) => <DataTable name="datasets" caption="Datasets" columns={COLUMNS} rows={items} rowProps={(d) => ({ 'data-dataset': d.name })} />}
      </ListStates>
    </section>
  );
}
