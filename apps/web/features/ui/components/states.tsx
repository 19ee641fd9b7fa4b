import type { ReactNode } from 'react';

export function Loading({ children = 'Loading…' }: { children?: ReactNode }) {
  return (
    <p className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" /> {children}
    </p>
  );
}

export function ErrorState({ error, onRetry }: { error: Error | string; onRetry?: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <span>{typeof error === 'string' ? error : error.message}</span>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/**
 * A list's error, loading and empty states, then `children` with its items: the one way lists load on every page.
 */
export function ListStates<T>({
  list,
  loading,
  empty,
  children,
}: {
  list: { data: T[] | undefined; error: Error | undefined; reload: () => void };
  loading: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading>{loading}</Loading>;
  if (list.data.length === 0) return <Empty>{empty}</Empty>;
  return <>{children(list.data)}</>;
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <span className="progress">
      <progress max={100} value={percent} aria-label={label} />
      <span className="progress-text">{percent}%</span>
    </span>
  );
}
