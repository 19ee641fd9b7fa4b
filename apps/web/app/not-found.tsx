import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="state state-empty">
      <h1>Page not found</h1>
      <p>
        <Link href="/datasets">Go to datasets</Link>
      </p>
    </div>
  );
}
