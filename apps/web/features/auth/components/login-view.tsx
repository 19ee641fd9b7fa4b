'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { loginSchema } from '@foretell/contracts';
import { errorMessage, returnPath } from '../../../lib/http';
import { useResource } from '../../../lib/use-resource';
import { getAuthStatus, signIn } from '../api/auth.api';
import { LabelledInput } from '../../ui/components/labelled-input';

/** Email and password; on success, back to the page that sent the user here. */
export function LoginView() {
  const router = useRouter();
  const status = useResource('auth-status', getAuthStatus);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A fresh installation has nobody to sign in: its first account is made on the sign-up page.
  useEffect(() => {
    if (status.data && !status.data.hasAccounts) router.replace('/signup');
  }, [status.data, router]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = loginSchema.safeParse({ email, password });
    if (!checked.success) {
      setError('Enter your email address and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(checked.data);
      // A full load, so the header and every page start from the new session.
      window.location.assign(returnPath(window.location.search));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <section className="card auth-card" aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      <form className="form" onSubmit={submit} data-form="login" noValidate>
        <LabelledInput id="login-email" label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <LabelledInput
          id="login-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p className="alert alert-error" role="alert" data-login-error>
            <span>{error}</span>
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          {status.data?.signupOpen && <Link href="/signup">Create an account</Link>}
        </div>
      </form>
    </section>
  );
}
