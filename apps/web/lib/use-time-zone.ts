'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const unknownOnServer = () => null;

/**
 * The browser's time zone, or null while the server renders and the page hydrates: the server's zone is not the
 * user's, and text rendered in it would not match the browser's first render (React error #418).
 */
export function useTimeZone(): string | null {
  return useSyncExternalStore(never, browserZone, unknownOnServer);
}
