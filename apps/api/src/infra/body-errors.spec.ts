import { describe, expect, it } from 'vitest';
import { jsonErrorPosition } from './body-errors';

/** V8's position where its message gives one. */
function v8Position(text: string): number | null {
  try {
    JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message);
    return position ? Number(position[1]) : null;
  }
  throw new Error(`${text} is valid JSON`);
}

describe('jsonErrorPosition', () => {
  it.each([
    ['date,store\n2024-01-01,a', 0],
    ['{"horizon":1,}', 13],
    ['{"a" 1}', 5],
    ['[1,2', 4],
    ['{"a":"b', 7],
    ['{"a":"b\\x"}', 8],
    ['{"a":"\\u12g4"}', 10],
    ['{"a":"b\u0001"}', 7],
    ['{"a":tru}', 5],
    ['[1] x', 4],
    ['{"a":[1,]}', 8],
    ['', 0],
  ])('finds where %j stops being JSON (%i), as V8 does where it says', (text, position) => {
    expect(jsonErrorPosition(text)).toBe(position);
    const v8 = v8Position(text);
    if (v8 !== null) expect(position).toBe(v8);
  });

  it('handles nesting 40,000 deep without recursion', () => {
    expect(jsonErrorPosition('['.repeat(40_000) + ']'.repeat(39_999) + '}')).toBe(79_999);
  });
});
