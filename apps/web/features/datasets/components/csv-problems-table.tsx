import type { CsvProblem } from '@foretell/contracts';

/** Long lists are cut: the first rows say what is wrong, and a file with 50,000 bad rows must not freeze the page. */
const SHOWN = 200;

interface CsvProblemsTableProps {
  problems: CsvProblem[];
  /** `data-table` of the table, so two lists on one page stay apart (the upload's and the preview's). */
  name?: string;
  /** Where the problems are, after the count: "in the file" by default. */
  where?: string;
}

export function CsvProblemsTable({ problems, name = 'csv-problems', where = 'in the file' }: CsvProblemsTableProps) {
  if (!problems.length) return null;
  const shown = problems.slice(0, SHOWN);
  return (
    <div className="table-wrap">
      <table className="table" data-table={name}>
        <caption>
          {problems.length === 1 ? '1 problem' : `${problems.length.toLocaleString()} problems`} {where}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Row
            </th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p, i) => (
            <tr key={i}>
              <td className="num">{p.row ?? '—'}</td>
              <td>{p.column ?? '—'}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length > SHOWN && (
        <p className="muted">
          Showing the first {SHOWN} of {problems.length.toLocaleString()} problems.
        </p>
      )}
    </div>
  );
}
