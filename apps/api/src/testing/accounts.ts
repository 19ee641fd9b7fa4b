import { AUTH, type Me, type Role } from '@foretell/contracts';

/** A signed-in browser, as far as the API can tell: its cookies and the CSRF token it echoes on writes. */
export interface Session {
  cookie: string;
  csrf: string;
  me: Me;
}

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple' };

/** Signs up (or in, when `login`) and returns the session the API set in cookies. */
export async function signIn(apiUrl: string, account: { email: string; password: string; name?: string }, login = false): Promise<Session> {
  const response = await fetch(`${apiUrl}/auth/${login ? 'login' : 'signup'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${login ? 'Login' : 'Sign-up'} failed (${response.status}): ${JSON.stringify(body)}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith(`${AUTH.csrfCookie}=`))!.split('=')[1]!;
  return { cookie: cookies.join('; '), csrf, me: body as Me };
}

/** Headers of a cookie-authenticated request (writes need the CSRF token too). */
export function sessionHeaders(session: Session): Record<string, string> {
  return { cookie: session.cookie, [AUTH.csrfHeader]: session.csrf };
}

/** An API key of the session's workspace, created as the dashboard would. */
export async function createApiKey(apiUrl: string, session: Session, role: Exclude<Role, 'owner'> = 'member'): Promise<string> {
  const response = await fetch(`${apiUrl}/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sessionHeaders(session) },
    body: JSON.stringify({ name: `test ${role}`, role }),
  });
  const body = (await response.json()) as { key: string };
  if (!response.ok) throw new Error(`Creating an API key failed (${response.status}): ${JSON.stringify(body)}`);
  return body.key;
}
