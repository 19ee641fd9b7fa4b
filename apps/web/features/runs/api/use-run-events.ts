'use client';

import { useEffect, useRef, useState } from 'react';
import { FINAL_RUN_EVENTS, type RunEvent } from '@foretell/contracts';
import { parseRunEvent, runEventsUrl } from './runs.api';

export type StreamState = 'off' | 'connecting' | 'live' | 'reconnecting';

/**
 * Subscribes to a run's server-sent events while `active`. EventSource reconnects by itself after a dropped
 * connection; the state says whether updates are arriving live.
 */
export function useRunEvents(runId: string, active: boolean, onEvent: (event: RunEvent) => void): StreamState {
  const [state, setState] = useState<StreamState>('off');
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (!active) {
      setState('off');
      return;
    }
    setState('connecting');
    const source = new EventSource(runEventsUrl(runId));
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
    source.onmessage = (message: MessageEvent<string>) => {
      const event = parseRunEvent(message.data);
      if (!event || event.runId !== runId) return;
      // The API ends the stream after the run's last event; without closing here EventSource would reconnect.
      if (FINAL_RUN_EVENTS.has(event.type)) {
        source.close();
        setState('off');
      }
      handler.current(event);
    };
    return () => source.close();
  }, [runId, active]);

  return state;
}
