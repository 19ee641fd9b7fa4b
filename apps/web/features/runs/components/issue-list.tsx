/** What keeps a form from being sent, each problem once. */
export function IssueList({ issues }: { issues: readonly string[] }) {
  if (!issues.length) return null;
  return (
    <ul className="alert alert-error issue-list" role="alert" data-form-issues>
      {[...new Set(issues)].map((issue) => (
        <li key={issue}>{issue}</li>
      ))}
    </ul>
  );
}
