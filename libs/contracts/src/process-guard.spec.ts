import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardProcess } from './process-guard';

describe('guardProcess', () => {
  function guarded(maxPerMinute = 3) {
    const target = new EventEmitter();
    const records: { message: string; fields: Record<string, unknown> }[] = [];
    const exits: number[] = [];
    let clock = 0;
    guardProcess(target, { log: (message, fields) => records.push({ message, fields }), exit: (code) => exits.push(code), maxPerMinute, now: () => clock });
    return { target, records, exits, advance: (ms: number) => (clock += ms) };
  }

  it('logs an uncaught exception and an unhandled rejection as structured records and keeps the process', () => {
    const { target, records, exits } = guarded();
    target.emit('uncaughtException', new TypeError('stream gone'));
    target.emit('unhandledRejection', 'a string, not an Error');
    expect(records).toEqual([
      { message: 'Uncaught exception: stream gone', fields: expect.objectContaining({ event: 'uncaughtException', errorName: 'TypeError', action: 'kept serving' }) },
      { message: 'Unhandled rejection: a string, not an Error', fields: expect.objectContaining({ event: 'unhandledRejection', errorName: 'string', action: 'kept serving' }) },
    ]);
    expect(records[0]!.fields.stack).toContain('stream gone');
    expect(exits).toEqual([]);
  });

  it('exits 1 on a burst within a minute, for the supervisor to restart it, but not on the same number spread out', () => {
    const spread = guarded(3);
    for (let i = 0; i < 8; i++) {
      spread.target.emit('uncaughtException', new Error(`fault ${i}`));
      spread.advance(30_000);
    }
    expect(spread.exits).toEqual([]);

    const burst = guarded(3);
    for (let i = 0; i < 4; i++) burst.target.emit('unhandledRejection', new Error(`fault ${i}`));
    expect(burst.exits).toEqual([1]);
    expect(burst.records.at(-1)!.fields.action).toBe('exiting: more than 3 in a minute');
  });
});
