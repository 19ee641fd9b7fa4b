import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SessionProvider } from '../features/auth/components/session-provider';
import { UserMenu } from '../features/auth/components/user-menu';
import { MainNav } from '../features/ui/components/main-nav';
import './globals.css';
import '../features/ui/components/ui.css';

export const metadata: Metadata = {
  title: { default: 'Foretell', template: '%s · Foretell' },
  description: 'Upload time series, compare forecasting models by honest backtests, and forecast.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SessionProvider>
          <a href="#main" className="skip-link">
            Skip to content
          </a>
          <header className="topbar">
            <div className="topbar-inner">
              <Link href="/datasets" className="brand">
                Foretell
              </Link>
              <MainNav />
              <UserMenu />
            </div>
          </header>
          <main id="main" className="page">
            {children}
          </main>
        </SessionProvider>
      </body>
    </html>
  );
}
