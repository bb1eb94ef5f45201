import type { ReactNode } from 'react';
import { APP_NAME } from '../../config/app.ts';
import { ShieldIcon } from '../ui/icons.tsx';

export type AppLayoutProps = {
  appVersion: string | undefined;
  children: ReactNode;
};

export const AppLayout = ({ appVersion, children }: AppLayoutProps) => (
  <div className="app">
    <header className="app-header">
      <div className="brand">
        <ShieldIcon className="brand__mark" />
        <h1 className="brand__name">{APP_NAME}</h1>
      </div>
      <span className="app-header__meta">{appVersion ? `Version ${appVersion}` : ''}</span>
    </header>
    <main className="app-main">{children}</main>
  </div>
);
