import type { ReactNode, Ref } from 'react';
import type { AuthErrorInfo, AuthState, SessionDetails, StorageProtection } from '#ipc-contract';
import { Badge } from '../../../components/ui/badge.tsx';
import { profileFromClaims } from '../../../utils/profile.ts';
import type { ProviderView } from '../../../utils/providers.ts';
import { AuthFeedback } from './auth-feedback.tsx';
import { ClaimsTable } from './claims-table.tsx';
import { ProfileCard } from './profile-card.tsx';
import { SessionPanel } from './session-panel.tsx';

export type SignedInScreenProps = {
  headingRef: Ref<HTMLHeadingElement>;
  session: Extract<AuthState, { status: 'signed-in' }>;
  /** The active account's provider. */
  provider: ProviderView | undefined;
  storage: StorageProtection | undefined;
  error: AuthErrorInfo | undefined;
  /** Good news from the last action (signed out of another account), shown when there is no error. */
  notice: string | undefined;
  details: SessionDetails | undefined;
  /** The account list, under the heading: who else is signed in here, and adding one more. */
  accountList: ReactNode;
  /** The protected API panel, placed between the session and the claims. */
  apiPanel: ReactNode;
  isSigningOut: boolean;
  onSignOut: (endProviderSession: boolean) => void;
};

export const SignedInScreen = ({
  headingRef,
  session,
  provider,
  storage,
  error,
  notice,
  details,
  accountList,
  apiPanel,
  isSigningOut,
  onSignOut,
}: SignedInScreenProps) => {
  const profile = profileFromClaims(session.claims);
  return (
    <section className="signed-in" aria-labelledby="screen-heading">
      <div className="signed-in__header">
        <h2 id="screen-heading" className="screen-title" ref={headingRef} tabIndex={-1}>
          You’re signed in
        </h2>
        <p className="signed-in__provider">
          with <strong>{provider?.name ?? profile.issuer ?? 'your provider'}</strong>
          {provider?.demo && <Badge tone="warning">Demo provider</Badge>}
        </p>
      </div>
      {(error || notice) && (
        <div className="feedback">
          <AuthFeedback error={error} notice={notice} />
        </div>
      )}
      {accountList}
      <div className="signed-in__grid">
        <ProfileCard profile={profile} />
        <SessionPanel
          expiresAt={session.expiresAt}
          scopes={session.scopes}
          persisted={session.persisted}
          storage={storage}
          details={details}
          isSigningOut={isSigningOut}
          onSignOut={onSignOut}
        />
      </div>
      {apiPanel}
      <ClaimsTable claims={session.claims} />
    </section>
  );
};
