'use client';

import { useEffect, useRef, useState } from 'react';
import { FINAL_RUN_EVENTS, type RunEvent } from '@foretell/contracts';
import { parseRunEvent, runEventsUrl } from './runs.api';

export type StreamState = 'off' | 'connecting' | 'live' | 'reconnecting';

/** What the stream needs of an EventSource (a fake one in tests). */
export interface EventStream {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((message: MessageEvent<string>) => void) | null;
  close(): void;
}

/** EventSource's readyState once it has given up. */
const CLOSED = 2;
/** Wait before opening a stream again after EventSource gave up (an API restarting answers 502 for a moment). */
export const REOPEN_MS = 3_000;

/**
 * Follows a run's events until its final one, or until the returned function is called. EventSource reconnects by
 * itself after a dropped connection, but gives up for good when the reconnect meets an error answer (the 502 of an API
 * that is restarting): the stream is then opened again after REOPEN_MS.
 */
export function followRunEvents(
  runId: string,
  open: () => EventStream,
  on: { state: (state: StreamState) => void; event: (event: RunEvent) => void },
): () => void {
  let source: EventStream | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let done = false;
  const connect = () => {
    on.state('connecting');
    const current = open();
    source = current;
    current.onopen = () => on.state('live');
    current.onerror = () => {
      on.state('reconnecting');
      if (current.readyState === CLOSED && !done) timer = setTimeout(connect, REOPEN_MS);
    };
    current.onmessage = (message) => {
      const event = parseRunEvent(message.data);
      if (!event || event.runId !== runId) return;
      // The API ends the stream after the run's last event; without closing here EventSource would reconnect.
      if (FINAL_RUN_EVENTS.has(event.type)) {
        done = true;
        current.close();
        on.state('off');
      }
      on.event(event);
    };
  };
  connect();
  return () => {
    done = true;
    if (timer) clearTimeout(timer);
    source?.close();
  };
}

/** Subscribes to a run's server-sent events while `active`; the state says whether updates are arriving live. */
export function useRunEvents(runId: string, active: boolean, onEvent: (event: RunEvent) => void): StreamState {
  const [state, setState] = useState<StreamState>('off');
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (!active) {
      setState('off');
      return;
    }
    return followRunEvents(runId, () => new EventSource(runEventsUrl(runId)), { state: setState, event: (e) => handler.current(e) });
  }, [runId, active]);

  return state;
}
