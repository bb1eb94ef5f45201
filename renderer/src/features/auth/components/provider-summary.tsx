import { Badge } from '../../../components/ui/badge.tsx';
import { initialsOf } from '../../../utils/profile.ts';
import type { ProviderView } from '../../../utils/providers.ts';
import { DemoCredentials } from './demo-credentials.tsx';

export type ProviderSummaryProps = {
  provider: ProviderView | undefined;
};

/** Which provider the person is about to trust with their login, and whether it is the demo. */
export const ProviderSummary = ({ provider }: ProviderSummaryProps) => (
  <div className="provider-summary">
    <span className="provider-summary__mark" aria-hidden="true">
      {provider ? initialsOf(provider.name).slice(0, 1) : ''}
    </span>
    <div className="provider-summary__text">
      <p className="provider-summary__name">
        <span>{provider?.name ?? 'Your identity provider'}</span>
        {provider?.demo && <Badge tone="warning">Demo provider</Badge>}
      </p>
      <p className="provider-summary__issuer">{provider?.issuer ?? '\u00a0'}</p>
      {provider?.demo && <DemoCredentials explain />}
    </div>
  </div>
);
