'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { NavLink } from './nav-link';

const PAGES = [
  { href: '/datasets', label: 'Datasets' },
  { href: '/runs', label: 'Runs' },
  { href: '/models', label: 'Models' },
  { href: '/schedules', label: 'Schedules' },
];

/**
 * The main navigation: links in the top bar on wide screens; on a phone a "Menu" button that opens them as a list
 * under the bar (CSS decides which, so the page renders the same on the server), closed again after navigating.
 */
export function MainNav() {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        className="nav-toggle btn btn-small"
        aria-expanded={open}
        aria-controls="main-nav"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <nav id="main-nav" aria-label="Main" className="nav" data-open={open || undefined}>
        {PAGES.map((p) => (
          <NavLink key={p.href} href={p.href}>
            {p.label}
          </NavLink>
        ))}
      </nav>
    </>
  );
}
