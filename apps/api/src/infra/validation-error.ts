import { BadRequestException, StandardSchemaValidationPipe, type ArgumentMetadata } from '@nestjs/common';

/** Longest key or quoted value echoed back: an unknown key may be 90 KB long, and the answer need not repeat it. */
const ECHO_MAX = 200;
/** Longest message: room for a list of choices (a country's holiday regions), not for a body echoed back. */
const MESSAGE_MAX = 4_000;
const LONG_QUOTE = new RegExp(`"[^"]{${ECHO_MAX},}"`, 'g');
/** Most issues listed: a body may hold thousands of faults, and the first ones say what to fix. */
const ISSUES_MAX = 20;

/** Zod's bound for every integer, which a number past the field's own bound also breaks: that bound is the one to name. */
const SAFE_INTEGER_BOUND = /expected int to be [<>]=-?9007199254740991$/;

/** Request validation errors as `{ message, issues: [{ path, message }] }`, the shape of every 400 that names a field. */
export function validationException(issues: readonly { message: string; path?: readonly unknown[] }[]) {
  const all = issues.map((issue) => ({
    path: (issue.path ?? []).map((p) => clip(typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p))).join('.'),
    message: clip(issue.message.replace(LONG_QUOTE, (quoted) => `"${clip(quoted.slice(1, -1))}"`), MESSAGE_MAX),
  }));
  const list = all
    .filter((issue) => !SAFE_INTEGER_BOUND.test(issue.message) || !all.some((other) => other !== issue && other.path === issue.path))
    .slice(0, ISSUES_MAX);
  const first = list[0];
  return new BadRequestException({
    message: first ? `Invalid request: ${first.path ? `${first.path}: ` : ''}${first.message}` : 'Invalid request.',
    issues: list,
  });
}

function clip(text: string, max = ECHO_MAX): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Nest's schema pipe, answering `validationException`; a path parameter's schema sees the value alone, so its name leads the path. */
export class RequestValidationPipe extends StandardSchemaValidationPipe {
  constructor() {
    super({ exceptionFactory: validationException });
  }

  override async transform<T = unknown>(value: T, metadata: ArgumentMetadata): Promise<T> {
    const { type, data: name, schema } = metadata;
    if (type !== 'param' || !name || !schema) return super.transform(value, metadata);
    const result = await this.validate(value, schema);
    if (result.issues) throw validationException(result.issues.map((issue) => ({ message: issue.message, path: [name, ...(issue.path ?? [])] })));
    return result.value as T;
  }
}
