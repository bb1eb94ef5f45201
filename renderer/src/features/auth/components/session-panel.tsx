import type { SessionDetails, StorageProtection } from '#ipc-contract';
import { Button } from '../../../components/ui/button.tsx';
import { ClockIcon, KeyIcon, LockIcon, ShieldIcon } from '../../../components/ui/icons.tsx';
import { TokenCountdown } from './token-countdown.tsx';

export type SessionPanelProps = {
  expiresAt: number;
  scopes: string[];
  persisted: boolean;
  storage: StorageProtection | undefined;
  /** How the tokens are bound; undefined while unknown (the line is left out). */
  details: SessionDetails | undefined;
  isSigningOut: boolean;
  onSignOut: (endProviderSession: boolean) => void;
};

export const SessionPanel = ({ expiresAt, scopes, persisted, storage, details, isSigningOut, onSignOut }: SessionPanelProps) => (
  <section className="card session-panel" aria-labelledby="session-heading">
    <h3 id="session-heading" className="card__title">
      Session
    </h3>
    <TokenCountdown expiresAt={expiresAt} />
    <div className="session-panel__block">
      <h4 className="session-panel__label">Scopes</h4>
      {scopes.length > 0 ? (
        <ul className="chips" aria-label="Scopes">
          {scopes.map((scope) => (
            <li key={scope} className="chip">
              {scope}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None granted</p>
      )}
    </div>
    <div className="session-panel__block">
      <h4 className="session-panel__label">On this device</h4>
      <p className="storage">
        {persisted ? <LockIcon className="storage__icon" /> : <ClockIcon className="storage__icon" />}
        <span className="storage__text">
          <strong>{persisted ? 'Kept on this device' : 'This session ends when you quit'}</strong>
          {storage && <span className="storage__description">{storage.description}</span>}
        </span>
      </p>
    </div>
    {details?.tokenType !== undefined && (
      <div className="session-panel__block">
        <h4 className="session-panel__label">Access token</h4>
        <p className="storage">
          {details.senderConstrained ? <ShieldIcon className="storage__icon" /> : <KeyIcon className="storage__icon" />}
          <span className="storage__text">
            <strong>{details.senderConstrained ? 'Sender-constrained (DPoP)' : 'Bearer token'}</strong>
            <span className="storage__description">
              {details.senderConstrained
                ? 'Tokens are bound to a key that never leaves this device: a stolen token is useless elsewhere.'
                : 'Whoever holds a bearer token can use it, so the app keeps it in its main process, never in this window.'}
            </span>
          </span>
        </p>
      </div>
    )}
    <div className="session-panel__actions">
      <Button variant="primary" isPending={isSigningOut} onClick={() => onSignOut(false)}>
        Sign out
      </Button>
      <Button variant="secondary" isBlocked={isSigningOut} onClick={() => onSignOut(true)}>
        Sign out of the provider too
      </Button>
    </div>
    <p className="hint">“Of the provider too” also ends your session in the browser, so the next sign-in asks for your password again.</p>
  </section>
);
