import type { ReactNode } from 'react';

type DataAttributes = { [name: `data-${string}`]: string | boolean | undefined };

/** One figure: its label, its value, and data attributes for the figure when tests or styles need to find it. */
export type Stat = readonly [label: string, value: ReactNode, data?: DataAttributes];

/** Figures as a definition list: a label over each value ("Series" 40, "Frequency" 1h). */
export function StatList({ items, inline = false, ...data }: { items: readonly Stat[]; inline?: boolean } & DataAttributes) {
  return (
    <dl className={inline ? 'stats stats-inline' : 'stats'} {...data}>
      {items.map(([label, value, itemData]) => (
        <div key={label} className="stat" {...itemData}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
