import { afterEach, describe, expect, it, vi } from 'vitest';
import { followRunEvents, REOPEN_MS, type EventStream, type StreamState } from './use-run-events';

class FakeStream implements EventStream {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  closed = false;
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  send(data: object) {
    this.onmessage?.({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
}

function follow() {
  const opened: FakeStream[] = [];
  const states: StreamState[] = [];
  const events: string[] = [];
  const stop = followRunEvents('r1', () => opened[opened.push(new FakeStream()) - 1]!, { state: (s) => states.push(s), event: (e) => events.push(e.type) });
  return { opened, states, events, stop };
}

describe('following a run’s events', () => {
  afterEach(() => vi.useRealTimers());

  it('opens the stream again when EventSource gives up (an API restarting answered 502), and goes live', () => {
    vi.useFakeTimers();
    const { opened, states } = follow();
    opened[0]!.onopen?.(new Event('open'));
    // A dropped connection EventSource retries itself: nothing to do.
    opened[0]!.onerror?.(new Event('error'));
    vi.advanceTimersByTime(REOPEN_MS);
    expect(opened).toHaveLength(1);
    // Its retry met an error answer: EventSource closed for good.
    opened[0]!.readyState = 2;
    opened[0]!.onerror?.(new Event('error'));
    vi.advanceTimersByTime(REOPEN_MS);
    expect(opened).toHaveLength(2);
    opened[1]!.onopen?.(new Event('open'));
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'reconnecting', 'connecting', 'live']);
  });

  it('stops at the run’s final event, and when told to, without opening again', () => {
    vi.useFakeTimers();
    const first = follow();
    first.opened[0]!.send({ type: 'progress', runId: 'r1', fraction: 0.5 });
    first.opened[0]!.send({ type: 'progress', runId: 'another', fraction: 0.1 });
    first.opened[0]!.send({ type: 'run-completed', runId: 'r1' });
    expect(first.events).toEqual(['progress', 'run-completed']);
    expect(first.opened[0]!.closed).toBe(true);
    first.opened[0]!.onerror?.(new Event('error'));
    vi.advanceTimersByTime(10 * REOPEN_MS);
    expect(first.opened).toHaveLength(1);

    const second = follow();
    second.opened[0]!.readyState = 2;
    second.opened[0]!.onerror?.(new Event('error'));
    second.stop();
    vi.advanceTimersByTime(10 * REOPEN_MS);
    expect(second.opened).toHaveLength(1);
  });
});
