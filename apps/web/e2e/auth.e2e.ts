import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ACCOUNT, openBrowser, screenshot, signInThroughPage, signUpThroughPage, WEB_URL } from './browser';

async function openUserMenu(page: Page) {
  const menu = page.locator('[data-user-menu]');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
}

/** Status of an API call made with a key, as a script would. */
async function statusWithKey(key: string): Promise<number> {
  return (await fetch(`${WEB_URL}/api/datasets`, { headers: { authorization: `Bearer ${key}` } })).status;
}

test('sign up, sign out, a wrong password refused, sign in, an API key shown once and revoked, signed-out pages go to sign-in', { timeout: 180_000 }, async () => {
  const { page, close } = await openBrowser({ signedIn: false });
  try {
    // A fresh stack offers the first account; on one that has accounts, sign-up is closed and the account signs in.
    const status = (await (await fetch(`${WEB_URL}/api/auth/status`)).json()) as { hasAccounts: boolean; signupOpen: boolean };
    if (!status.hasAccounts) {
      await page.goto(`${WEB_URL}/login`);
      await page.waitForURL(/\/signup$/, { timeout: 15_000 });
      await screenshot(page, 'auth-signup');
      await signUpThroughPage(page);
    } else {
      console.log('  accounts exist already: sign-up skipped, signing in');
      await signInThroughPage(page);
    }
    await openUserMenu(page);
    assert.equal((await page.locator('[data-signed-in-as]').innerText()).trim(), ACCOUNT.email);
    assert.match(await page.locator('[data-user-menu]').innerText(), /owner in/);
    await screenshot(page, 'auth-user-menu');

    // Sign out: back on the sign-in page, and the session is gone (pages send you back to sign in).
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/login$/);
    if (!status.hasAccounts) {
      await page.goto(`${WEB_URL}/signup`);
      // What to do: an account from whoever runs the installation, then an owner's invitation (Settings → Members).
      const closed = await page.locator('[data-signup-closed]').innerText();
      assert.match(closed, /npm run setup/);
      assert.match(closed, /invites your e-mail under Settings → Members/);
      assert.doesNotMatch(closed, /ask a workspace owner to create yours/);
    }

    // A wrong password: an error on the form, still on the sign-in page.
    await page.goto(`${WEB_URL}/login`);
    await page.getByLabel('Email').fill(ACCOUNT.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.locator('[data-login-error]');
    await error.waitFor();
    assert.match(await error.innerText(), /Email or password is wrong/);
    assert.match(page.url(), /\/login$/);
    await screenshot(page, 'auth-wrong-password');

    // The right one, and the page it was sent from is where it returns.
    await page.goto(`${WEB_URL}/settings/api-keys`);
    await page.waitForURL(/\/login\?next=%2Fsettings%2Fapi-keys$/);
    await page.getByLabel('Password').fill(ACCOUNT.password);
    await page.getByLabel('Email').fill(ACCOUNT.email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/settings\/api-keys$/);

    // An API key: shown once, works for scripts, listed by its prefix; revoked, it stops working.
    const keyName = `e2e key ${Date.now()}`;
    await page.getByLabel('Name', { exact: true }).fill(keyName);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.locator('[data-new-key]');
    await shown.waitFor();
    assert.match(await shown.innerText(), /shown only once/);
    const key = await page.getByLabel('New API key').inputValue();
    assert.match(key, /^ft_[A-Za-z0-9_-]{40,}$/);
    const row = page.locator(`tr[data-api-key="${keyName}"]`);
    await row.waitFor();
    const prefix = (await row.locator('td').first().innerText()).replace('…', '');
    assert.ok(key.startsWith(prefix) && prefix.length > 3, `the list shows the key's prefix (${prefix})`);
    assert.doesNotMatch(await row.innerText(), new RegExp(key.slice(prefix.length, prefix.length + 8)), 'the list does not show the key');
    assert.match(await row.innerText(), /viewer/);
    assert.equal(await statusWithKey(key), 200, 'the new key reads');
    await screenshot(page, 'auth-api-key-created');

    await page.reload();
    await row.waitFor();
    assert.equal(await shown.count(), 0, 'after a reload the key is not shown again');
    assert.doesNotMatch(await row.innerText(), /never/, 'its last use is recorded');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: /^Revoke/ }).click();
    await page.waitForFunction((n) => document.querySelector(`tr[data-api-key="${n}"] [data-state]`)?.getAttribute('data-state') === 'revoked', keyName);
    assert.equal(await statusWithKey(key), 401, 'a revoked key is refused');
    await screenshot(page, 'auth-api-key-revoked');

    // Signed out again, any page sends you to sign in and remembers where you were going.
    await openUserMenu(page);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${WEB_URL}/runs`);
    await page.waitForURL(/\/login\?next=%2Fruns$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'auth-redirected-to-login');
  } finally {
    await close();
  }
});
