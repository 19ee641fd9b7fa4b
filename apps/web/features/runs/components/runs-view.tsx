'use client';

import { RunList } from './run-list';

export function RunsView() {
  return (
    <>
      <header className="page-header">
        <h1>Runs</h1>
      </header>
      <RunList title="All runs" />
    </>
  );
}
