import type { ReactNode } from 'react';

/** A card holding one chart of the run: its title, its controls (metric, PNG) on the right, then the chart. */
export function ChartCard({ id, title, actions, children }: { id: string; title: string; actions: ReactNode; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="card-actions">{actions}</div>
      </div>
      {children}
    </section>
  );
}
