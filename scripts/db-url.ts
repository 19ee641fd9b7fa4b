// One place for the database the tooling talks to by default: the local development database (trust auth).
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/foretell';

export function databaseUrlFromEnv(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}
