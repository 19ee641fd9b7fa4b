/** Previous / next through a paged list, saying which rows are shown. */
export function Pager({ offset, limit, total, onOffset, label }: { offset: number; limit: number; total: number; onOffset: (offset: number) => void; label: string }) {
  if (total <= limit && offset === 0) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="actions" aria-label={`${label} pages`}>
      <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span className="muted small">
        {total ? offset + 1 : 0}–{last} of {total}
      </span>
      <button type="button" className="btn btn-small" disabled={last >= total} onClick={() => onOffset(offset + limit)}>
        Next
      </button>
    </nav>
  );
}
