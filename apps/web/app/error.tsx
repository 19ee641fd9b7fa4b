'use client';

export default function Error({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <span>Something went wrong while showing this page: {error.message}</span>
      <button type="button" className="btn btn-small" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
