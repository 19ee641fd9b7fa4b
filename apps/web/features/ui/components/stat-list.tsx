import type { ReactNode } from 'react';

type DataAttributes = { [name: `data-${string}`]: string | boolean | undefined };

/** Figures as a definition list: a label over each value ("Series" 40, "Frequency" 1h). */
export function StatList({ items, inline = false, ...data }: { items: readonly (readonly [string, ReactNode])[]; inline?: boolean } & DataAttributes) {
  return (
    <dl className={inline ? 'stats stats-inline' : 'stats'} {...data}>
      {items.map(([label, value]) => (
        <div key={label} className="stat">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
