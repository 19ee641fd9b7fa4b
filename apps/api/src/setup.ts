// Creates an account from the command line — the installation's first (its owner and operator), or one an owner will
// then add to a workspace:
//
//   FORETELL_PASSWORD='…' npm run setup -- --email you@example.com [--name "Your Name"] [--workspace "Team"]
//   echo '…' | npm run setup -- --email you@example.com          (password on standard input)
//
// Uses DATABASE_URL like the API. The password never appears in arguments or logs.
import { parseArgs } from 'node:util';
import { text } from 'node:stream/consumers';
import { connectDatabase } from '@foretell/db';
import { signupSchema } from '@foretell/contracts';
import { AccountExistsError, createAccount } from './auth/accounts';
import { loadEnv } from './env';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, workspace: { type: 'string' } } });
  const password = process.env.FORETELL_PASSWORD ?? (process.stdin.isTTY ? undefined : (await text(process.stdin)).split('\n')[0]);
  const input = signupSchema.safeParse({ email: values.email, password, name: values.name, workspaceName: values.workspace });
  if (!input.success) {
    const problems = input.error.issues.map((i) => `  ${i.path.join('.') || 'input'}: ${i.message}`).join('\n');
    throw new Error(`Cannot create the account:\n${problems}\nUsage: FORETELL_PASSWORD=… npm run setup -- --email you@example.com`);
  }
  const db = connectDatabase(loadEnv().DATABASE_URL);
  try {
    const { user, workspace, first } = await createAccount(db.prisma, input.data);
    console.log(`Created ${user.email}, owner of workspace "${workspace.name}"${first ? ' (the installation\'s first account)' : ''}.`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof AccountExistsError || error instanceof Error ? error.message : error);
  process.exit(1);
});
