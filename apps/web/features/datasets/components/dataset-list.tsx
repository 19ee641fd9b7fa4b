'use client';

import Link from 'next/link';
import { frequencyLabel, type DatasetSummary } from '@foretell/contracts';
import { formatBytes, formatInteger, formatMoment } from '../../../lib/format';
import type { Resource } from '../../../lib/use-resource';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';

export function DatasetList({ datasets }: { datasets: Resource<DatasetSummary[]> }) {
  const { data, error, reload } = datasets;
  return (
    <section className="card" aria-labelledby="datasets-title">
      <h2 id="datasets-title">Datasets</h2>
      {error && <ErrorState error={error} onRetry={reload} />}
      {!data && !error && <Loading>Loading datasets…</Loading>}
      {data && data.length === 0 && <Empty>No datasets yet. Upload a CSV to get started.</Empty>}
      {data && data.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-table="datasets">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Series
                </th>
                <th scope="col">Frequency</th>
                <th scope="col" className="num">
                  Points
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.id} data-dataset={d.name}>
                  <td>
                    <Link href={`/datasets/${d.id}`}>{d.name}</Link>
                  </td>
                  <td>
                    <StatusBadge status={d.status} />
                  </td>
                  <td className="num">{formatInteger(d.profile?.seriesCount)}</td>
                  <td>{d.profile ? frequencyLabel(d.profile.frequency) : '—'}</td>
                  <td className="num">{formatInteger(d.profile?.points)}</td>
                  <td className="num">{formatBytes(d.bytes)}</td>
                  <td>
                    <time dateTime={d.createdAt}>{formatMoment(d.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
