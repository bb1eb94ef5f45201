import type { AppInfo } from '#ipc-contract';
import { Badge } from '../../../components/ui/badge.tsx';
import { initialsOf } from '../../../utils/profile.ts';
import { DemoCredentials } from './demo-credentials.tsx';

export type ProviderSummaryProps = {
  appInfo: AppInfo | undefined;
};

/** Which provider the person is about to trust with their login, and whether it is the demo. */
export const ProviderSummary = ({ appInfo }: ProviderSummaryProps) => (
  <div className="provider-summary">
    <span className="provider-summary__mark" aria-hidden="true">
      {appInfo ? initialsOf(appInfo.providerName).slice(0, 1) : ''}
    </span>
    <div className="provider-summary__text">
      <p className="provider-summary__name">
        <span>{appInfo?.providerName ?? 'Your identity provider'}</span>
        {appInfo?.demo && <Badge tone="warning">Demo provider</Badge>}
      </p>
      <p className="provider-summary__issuer">{appInfo?.issuer ?? '\u00a0'}</p>
      {appInfo?.demo && <DemoCredentials explain />}
    </div>
  </div>
);
