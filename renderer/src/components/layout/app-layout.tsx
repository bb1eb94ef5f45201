import type { ReactNode } from 'react';
import { APP_NAME } from '../../config/app.ts';
import { ShieldIcon } from '../ui/icons.tsx';

export type AppLayoutProps = {
  appVersion: string | undefined;
  /** Buttons on the header's right (change provider, copy diagnostics). */
  actions?: ReactNode;
  /** What just changed, for screen readers: said by a polite live region that is always there. */
  announcement?: string;
  children: ReactNode;
};

export const AppLayout = ({ appVersion, actions, announcement = '', children }: AppLayoutProps) => (
  <div className="app">
    <header className="app-header">
      <div className="brand">
        <ShieldIcon className="brand__mark" />
        <h1 className="brand__name">{APP_NAME}</h1>
      </div>
      <div className="app-header__end">
        {actions}
        <span className="app-header__meta">{appVersion ? `Version ${appVersion}` : ''}</span>
      </div>
    </header>
    <main className="app-main">{children}</main>
    <p className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-live-region="screen">
      {announcement}
    </p>
  </div>
);
