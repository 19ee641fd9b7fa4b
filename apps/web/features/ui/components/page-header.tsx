import type { ReactNode } from 'react';
import { ApiError } from '../../../lib/http';
import { Empty, ErrorState, Loading } from './states';

interface PageHeaderProps {
  /** The way back up: links separated by " / ". */
  breadcrumb: ReactNode;
  title: ReactNode;
  /** Under the title (a line of facts and links). */
  children?: ReactNode;
  /** Beside the title (buttons, progress). */
  actions?: ReactNode;
}

/** The header of a detail page: breadcrumb, title, and what goes with them. */
export function PageHeader({ breadcrumb, title, children, actions }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div>
        <p className="breadcrumb">{breadcrumb}</p>
        <h1>{title}</h1>
        {children}
      </div>
      {actions}
    </header>
  );
}

interface PendingDetailProps extends Omit<PageHeaderProps, 'children' | 'actions'> {
  /** The resource's failure, if it failed. */
  error: Error | undefined | null;
  onRetry: () => void;
  /** Said when the API answers 404: what does not exist, and where to go instead. */
  missing: ReactNode;
  loading: string;
}

/** A detail page before its resource arrives: loading, its error, or that it does not exist. */
export function PendingDetail({ error, onRetry, missing, loading, ...header }: PendingDetailProps) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <>
      <PageHeader {...header} />
      {notFound && <Empty>{missing}</Empty>}
      {error && !notFound && <ErrorState error={error} onRetry={onRetry} />}
      {!error && <Loading>{loading}</Loading>}
    </>
  );
}
