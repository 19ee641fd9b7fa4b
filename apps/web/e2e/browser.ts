import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Cookie, type Locator, type Page } from 'playwright-core';

/** The repository root: this file is apps/web/e2e/browser.ts. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const WEB_URL = (process.env.WEB_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The account the browser tests use. On a fresh stack the first test signs it up through the sign-up page (it becomes
 * the installation's first owner); later tests sign in with it. Against a stack with other accounts, set these.
 */
export const ACCOUNT = {
  email: process.env.E2E_EMAIL ?? 'e2e-owner@example.com',
  password: process.env.E2E_PASSWORD ?? 'e2e owner password 42',
  name: 'E2E Owner',
};

/** The cookies of the first signed-in context, given to later ones (and to the tests' own API calls). */
let signedIn: Cookie[] | null = null;

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A fresh Chromium profile per test, so no cookie or cache of an earlier run leaks in. The time zone is west of
 * Greenwich on purpose: it shows whether data timestamps are kept in UTC (1949-01 must not turn into Dec 1948).
 */
export async function openBrowser(options: { signedIn?: boolean } = {}): Promise<Session> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'foretell-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Failed requests are reported below with their URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  if (options.signedIn !== false) {
    try {
      await signIn(context, page);
    } catch (error) {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
      throw error;
    }
  }
  return {
    context,
    page,
    async close() {
      if (errors.length) console.log(`  browser errors and failed requests:\n    ${errors.join('\n    ')}`);
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Gives the context a session: the stored cookies of an earlier sign-in, or else signs up through the sign-up page
 * (a fresh stack: nobody has an account) or in through the login page.
 */
async function signIn(context: BrowserContext, page: Page): Promise<void> {
  if (signedIn) {
    await context.addCookies(signedIn);
    return;
  }
  const status = (await (await fetch(`${WEB_URL}/api/auth/status`)).json()) as { hasAccounts: boolean };
  if (status.hasAccounts) await signInThroughPage(page);
  else await signUpThroughPage(page);
  signedIn = await context.cookies(WEB_URL);
}

/** The first account, made on the sign-up page; it lands on the datasets. */
export async function signUpThroughPage(page: Page, account = ACCOUNT): Promise<void> {
  await page.goto(`${WEB_URL}/signup`);
  await page.getByRole('heading', { name: 'Create the first account' }).waitFor();
  await page.getByLabel('Your name (optional)').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/datasets$/);
}

export async function signInThroughPage(page: Page, account = ACCOUNT): Promise<void> {
  await page.goto(`${WEB_URL}/login`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * A request to the API through the dashboard's proxy with the tests' session (cookies, and the CSRF token on
 * writes), for set-up and clean-up that are not what a test is about. Signs in through the API if no test has yet.
 */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  if (!signedIn) {
    const response = await fetch(`${WEB_URL}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ACCOUNT.email, password: ACCOUNT.password }),
    });
    if (!response.ok) throw new Error(`Signing in as ${ACCOUNT.email} failed (${response.status}): ${await response.text()}`);
    signedIn = response.headers.getSetCookie().map((line) => {
      const pair = line.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1), domain: new URL(WEB_URL).hostname, path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' };
    });
  }
  const cookie = signedIn.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = signedIn.find((c) => c.name === 'foretell_csrf')?.value ?? '';
  return fetch(`${WEB_URL}${path}`, { ...init, headers: { cookie, 'x-csrf-token': decodeURIComponent(csrf), ...init.headers } });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Uploads a CSV file as dataset `name` through the API (set-up for tests about what follows an upload); its id. */
export async function uploadThroughApi(name: string, file: string): Promise<string> {
  const form = new FormData();
  form.append('name', name);
  form.append('file', new Blob([await readFile(file)], { type: 'text/csv' }), path.basename(file));
  const uploaded = await apiFetch('/api/datasets', { method: 'POST', body: form });
  if (!uploaded.ok) throw new Error(`upload of ${file} answered ${uploaded.status}: ${await uploaded.text()}`);
  return ((await uploaded.json()) as { id: string }).id;
}

/** Deletes what a test uploaded (through the dashboard's proxy), so repeated runs do not pile up datasets. */
export async function removeDatasetsNamed(name: string): Promise<void> {
  const response = await apiFetch('/api/datasets').catch(() => null);
  if (!response?.ok) return;
  const datasets = (await response.json()) as { id: string; name: string }[];
  for (const d of datasets.filter((d) => d.name === name)) {
    await apiFetch(`/api/datasets/${d.id}`, { method: 'DELETE' }).catch(() => undefined);
  }
}

/** Uploads a CSV through the dashboard's proxy (set-up for the tests that are not about uploading). */
export async function uploadViaApi(name: string, text: string): Promise<{ id: string }> {
  const form = new FormData();
  form.append('name', name);
  form.append('file', new Blob([text], { type: 'text/csv' }), `${name}.csv`);
  const response = await apiFetch('/api/datasets', { method: 'POST', body: form });
  if (response.status !== 201) throw new Error(`Uploading ${name} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string };
}

/**
 * What a test file writes and uploads, cleaned up after its tests: a temporary folder for its files, and the datasets
 * it names (removed by name).
 */
export function scratchSpace(prefix: string) {
  const names: string[] = [];
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), `foretell-e2e-${prefix}-`));
  });
  after(async () => {
    for (const name of names) await removeDatasetsNamed(name);
    await rm(dir, { recursive: true, force: true });
  });
  return {
    /** Remove the dataset of this name after the tests. */
    track: (name: string) => void names.push(name),
    /** Writes a CSV file of these lines into the folder; its path. */
    async writeCsv(file: string, lines: string[]): Promise<string> {
      const full = path.join(dir, file);
      await writeFile(full, `${lines.join('\n')}\n`);
      return full;
    },
    async upload(name: string, text: string): Promise<{ id: string }> {
      names.push(name);
      return uploadViaApi(name, text);
    },
  };
}

/** Opens the datasets page and chooses `file` to upload: its preview follows. */
export async function chooseUpload(page: Page, file: string): Promise<void> {
  await page.goto(`${WEB_URL}/datasets`);
  await page.getByLabel('CSV file').setInputFiles(file);
}

/** Names the chosen file's dataset and uploads it; the upload's notice once it is ready. */
export async function uploadChosen(page: Page, name: string, timeout = 60_000): Promise<Locator> {
  await page.getByLabel('Name (optional)').fill(name);
  await page.getByRole('button', { name: 'Upload' }).click();
  const ready = page.locator('[data-upload="ready"]');
  await ready.waitFor({ timeout });
  return ready;
}
