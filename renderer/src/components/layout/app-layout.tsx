import type { ReactNode } from 'react';
import { APP_NAME } from '../../config/app.ts';
import { ShieldIcon } from '../ui/icons.tsx';

export type AppLayoutProps = {
  appVersion: string | undefined;
  /** Buttons on the header's right (change provider, copy diagnostics). */
  actions?: ReactNode;
  children: ReactNode;
};

export const AppLayout = ({ appVersion, actions, children }: AppLayoutProps) => (
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
  </div>
);
