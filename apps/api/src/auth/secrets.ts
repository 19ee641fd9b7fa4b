import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, 3 passes): slow for guessing, fine for a sign-in. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** A hash of no password, verified against when the email is unknown, so timing does not tell which emails exist. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    await argon2.verify(await (decoy ??= hashPassword(randomBytes(16).toString('hex'))), password);
    return false;
  }
  return argon2.verify(hash, password);
}

/** An unguessable token (256 bits), URL-safe. */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens and keys are stored as SHA-256: they are random, so a fast hash is enough and lookups stay indexable. */
export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
