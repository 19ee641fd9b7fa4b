import type { CsvProblem } from '@foretell/contracts';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ErrorState } from '../../ui/components/states';
import { groupProblems } from '../api/upload-preview';

/** Long lists are cut: the first rows say what is wrong, and a file with 50,000 bad rows must not freeze the page. */
const SHOWN = 200;
/** Rows named per problem before "and N more". */
const ROWS_NAMED = 5;

interface CsvProblemsTableProps {
  problems: CsvProblem[];
  /** `data-table` of the table, so two lists on one page stay apart (the upload's and the preview's). */
  name?: string;
  /** Where the problems are, after the count: "in the file" by default. */
  where?: string;
}

type ProblemGroup = ReturnType<typeof groupProblems>[number];

const PROBLEM_COLUMNS: Column<ProblemGroup>[] = [
  {
    key: 'rows',
    header: 'Rows',
    cell: (g) => (g.rows.length ? g.rows.slice(0, ROWS_NAMED).join(', ') : '—') + (g.rows.length > ROWS_NAMED ? ` and ${g.rows.length - ROWS_NAMED} more` : ''),
  },
  { key: 'column', header: 'Column', cell: (g) => g.column ?? '—' },
  { key: 'problem', header: 'Problem', cell: (g) => g.message },
];

/** Each problem once: the same message on many rows is one line naming the rows. */
export function CsvProblemsTable({ problems, name = 'csv-problems', where = 'in the file' }: CsvProblemsTableProps) {
  if (!problems.length) return null;
  const groups = groupProblems(problems);
  const shown = groups.slice(0, SHOWN);
  return (
    <div>
      <DataTable
        name={name}
        caption={`${problems.length === 1 ? '1 problem' : `${problems.length.toLocaleString()} problems`} ${where}`}
        showCaption
        columns={PROBLEM_COLUMNS}
        rows={shown}
        rowKey={(g) => `${g.column ?? ''}\u0000${g.message}`}
      />
      {groups.length > SHOWN && (
        <p className="muted">
          Showing the first {SHOWN} of {groups.length.toLocaleString()} different problems.
        </p>
      )}
    </div>
  );
}

/**
 * A refused file: its problems in the table, once; the server's message (which repeats the first problems) only when
 * there is no table to show.
 */
export function RefusedUpload({ message, problems }: { message: string; problems: CsvProblem[] }) {
  if (!problems.length) return <ErrorState error={message} />;
  return (
    <>
      <ErrorState error="The file was refused: fix the problems below and upload it again." />
      <CsvProblemsTable problems={problems} />
    </>
  );
}
