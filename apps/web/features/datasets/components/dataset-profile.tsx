import { frequencyLabel, seasonFor, type DatasetProfile as Profile } from '@foretell/contracts';
import { formatDataTime, formatInteger } from '../../../lib/format';
import { StatList } from '../../ui/components/stat-list';

export function DatasetProfile({ profile }: { profile: Profile }) {
  const lengths =
    profile.minLength === profile.maxLength
      ? formatInteger(profile.minLength)
      : `${formatInteger(profile.minLength)} – ${formatInteger(profile.maxLength)}`;
  const items: [string, string][] = [
    ['Series', formatInteger(profile.seriesCount)],
    ['Frequency', `${frequencyLabel(profile.frequency)} (season ${seasonFor(profile.frequency)})`],
    ['Points', formatInteger(profile.points)],
    ['Length per series', lengths],
    ['Start', formatDataTime(profile.start)],
    ['End', formatDataTime(profile.end)],
    ['Gaps', formatInteger(profile.gaps)],
    ['Missing values', formatInteger(profile.missing)],
    ['Layout', profile.layout === 'long' ? 'Long' : 'Wide'],
    ['Rows', formatInteger(profile.rows)],
  ];
  const demand = profile.demandClasses;
  if (demand) items.push(['Intermittent or lumpy series', formatInteger(demand.intermittent + demand.lumpy)]);
  const gappy = profile.gappiestSeries.filter((s) => s.gaps > 0);
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <StatList items={items} data-profile />
      <p className="muted small">
        Columns: timestamp <code>{profile.columns.timestamp}</code>
        {profile.columns.seriesId && (
          <>
            , series id <code>{profile.columns.seriesId}</code>
          </>
        )}
        , values{' '}
        {profile.columns.values.slice(0, 8).map((c, i) => (
          <span key={c}>
            {i > 0 && ', '}
            <code>{c}</code>
          </span>
        ))}
        {profile.columns.values.length > 8 && ` and ${profile.columns.values.length - 8} more`}.
      </p>
      {demand && demand.intermittent + demand.lumpy > 0 && (
        <p className="muted small" data-demand-classes>
          Demand classes (Syntetos–Boylan): {formatInteger(demand.smooth)} smooth, {formatInteger(demand.erratic)} erratic,{' '}
          {formatInteger(demand.intermittent)} intermittent, {formatInteger(demand.lumpy)} lumpy. Mostly-zero series are
          best forecast by the intermittent-demand models (Auto intermittent picks one per series).
        </p>
      )}
      {gappy.length > 0 && (
        <p className="muted small">
          Most gaps: {gappy.slice(0, 5).map((s) => `${s.id} (${formatInteger(s.gaps)})`).join(', ')}.
        </p>
      )}
    </section>
  );
}
