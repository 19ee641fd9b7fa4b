'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { signupSchema } from '@foretell/contracts';
import { errorMessage, issuesOf } from '../../../lib/http';
import { useResource } from '../../../lib/use-resource';
import { Loading, ErrorState } from '../../ui/components/states';
import { getAuthStatus, signUp } from '../api/auth.api';
import { bindText, LabelledInput } from '../../ui/components/labelled-input';

/** The installation's first account (its owner), or a new one while sign-up is open; each gets a workspace of its own. */
export function SignupView() {
  const status = useResource('auth-status', getAuthStatus);
  const [form, setForm] = useState({ name: '', email: '', password: '', workspaceName: '' });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const field = bindText(form, set);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = signupSchema.safeParse({
      email: form.email,
      password: form.password,
      name: form.name.trim() || undefined,
      workspaceName: form.workspaceName.trim() || undefined,
    });
    if (!checked.success) {
      setErrors(checked.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`));
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      await signUp(checked.data);
      window.location.assign('/datasets');
    } catch (e) {
      const issues = issuesOf((e as { body?: unknown }).body);
      setErrors(issues.length ? issues : [errorMessage(e)]);
      setBusy(false);
    }
  }

  if (status.error) return <ErrorState error={status.error} onRetry={status.reload} />;
  if (!status.data) return <Loading>Loading…</Loading>;
  if (!status.data.signupOpen) {
    return (
      <section className="card auth-card" aria-labelledby="signup-title">
        <h1 id="signup-title">Sign-up is closed</h1>
        <p data-signup-closed>
          This installation already has accounts, and only whoever runs it can create more (with <code>npm run setup</code> on the
          server). With your account, a workspace owner invites your e-mail under Settings → Members, and you accept the invitation
          from your account menu. <Link href="/login">Sign in</Link>
        </p>
      </section>
    );
  }
  const first = !status.data.hasAccounts;
  return (
    <section className="card auth-card" aria-labelledby="signup-title">
      <h1 id="signup-title">{first ? 'Create the first account' : 'Create an account'}</h1>
      {first && <p className="muted">Nobody has an account yet: this one owns the first workspace and can add the others.</p>}
      <form className="form" onSubmit={submit} data-form="signup" noValidate>
        <LabelledInput id="signup-name" label="Your name (optional)" type="text" autoComplete="name" maxLength={100} {...field('name')} />
        <LabelledInput id="signup-email" label="Email" type="email" autoComplete="username" required {...field('email')} />
        <LabelledInput
          id="signup-password"
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          {...field('password')}
          hint="at least 10 characters"
        />
        <LabelledInput id="signup-workspace" label="Workspace name (optional)" type="text" maxLength={100} {...field('workspaceName')} />
        {errors.length > 0 && (
          <div className="alert alert-error" role="alert" data-signup-error>
            <ul className="issue-list">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create account'}
          </button>
          {!first && <Link href="/login">I have an account</Link>}
        </div>
      </form>
    </section>
  );
}
