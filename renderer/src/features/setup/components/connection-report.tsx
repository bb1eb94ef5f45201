import { useLayoutEffect, useRef } from 'react';
import type { ConnectionReport as Report } from '#ipc-contract';
import { Badge } from '../../../components/ui/badge.tsx';
import { CopyField } from '../../../components/ui/copy-field.tsx';
import { CheckIcon, CrossIcon, InfoIcon } from '../../../components/ui/icons.tsx';
import { Note } from '../../../components/ui/note.tsx';
import { GuideLink } from './guide-link.tsx';

type FeatureName = Exclude<keyof Report['features'], 'requirePar'>;

/** What each feature is called for a person, in the order that matters most to a sign-in. */
const FEATURES: Array<[FeatureName, string]> = [
  ['pkceS256', 'PKCE with S256'],
  ['refreshTokens', 'Refresh tokens'],
  ['revocation', 'Token revocation'],
  ['endSession', 'End session (sign out at the provider)'],
  ['userInfo', 'UserInfo endpoint'],
  ['issParameter', 'Issuer in the response (iss parameter)'],
  ['dpop', 'DPoP (sender-constrained tokens)'],
  ['par', 'Pushed authorization requests (PAR)'],
  ['deviceFlow', 'Sign-in from another device'],
];

/**
 * Features a provider may offer without listing them: `false` means only that the metadata does
 * not say so. Refresh tokens: `features.refreshTokens` is whether grant_types_supported lists
 * refresh_token; many providers issue them all the same, so only a sign-in tells.
 */
const UNADVERTISED: Partial<Record<FeatureName, string>> = {
  refreshTokens:
    'Refresh tokens: the provider’s metadata does not list the refresh_token grant. Many providers issue refresh tokens all the same; a real sign-in decides. Without one, you sign in again when the access token expires.',
};

export type ConnectionReportProps = {
  report: Report;
  /** The preset's registration guide: its published page and the provider it is for. */
  guide: { url: string; providerName: string } | undefined;
  /** The values changed since this test: the report may no longer hold. */
  isStale: boolean;
};

/** "Connection works": what the provider supports and the exact URIs to register there. */
export const ConnectionReport = ({ report, guide, isStale }: ConnectionReportProps) => {
  const heading = useRef<HTMLHeadingElement>(null);
  // A new report is news: its heading takes focus, so it is read out and scrolled into view.
  useLayoutEffect(() => heading.current?.focus(), [report]);
  const { features } = report;
  return (
    <section className="report" aria-labelledby="report-heading">
      <h3 id="report-heading" className="report__title" ref={heading} tabIndex={-1}>
        <span className="report__icon" aria-hidden="true">
          <CheckIcon />
        </span>
        Connection works
      </h3>
      <p className="report__lead">
        Found the provider at <code>{report.issuer}</code>.
        {report.expectedIssuer && (
          <>
            {' '}
            Tokens are checked against <code>{report.expectedIssuer}</code>.
          </>
        )}
      </p>
      {isStale && <Note>You changed the values since this test. Test the connection again before saving.</Note>}

      <h4 className="report__subtitle">Register at the provider</h4>
      <p className="report__hint">Exactly as shown: providers compare them character by character.</p>
      <CopyField label="Redirect URI" value={report.redirectUri} />
      {report.postLogoutRedirectUri && <CopyField label="Post-logout redirect URI" value={report.postLogoutRedirectUri} />}

      <h4 className="report__subtitle">What the provider supports</h4>
      <ul className="feature-list" aria-label="What the provider supports">
        {FEATURES.map(([name, label]) => {
          const supported = features[name];
          const required = name === 'par' && features.requirePar;
          const unadvertised = !supported && UNADVERTISED[name] !== undefined;
          return (
            <li key={name} className={supported ? 'feature is-supported' : 'feature'}>
              {supported ? (
                <CheckIcon className="feature__icon" />
              ) : unadvertised ? (
                <InfoIcon className="feature__icon" />
              ) : (
                <CrossIcon className="feature__icon" />
              )}
              <span className="feature__name">{label}</span>
              <Badge tone={supported ? 'success' : name === 'pkceS256' ? 'warning' : 'neutral'}>
                {supported ? (required ? 'Required' : 'Yes') : unadvertised ? 'Not advertised' : 'No'}
              </Badge>
            </li>
          );
        })}
      </ul>
      {FEATURES.filter(([name]) => !features[name] && UNADVERTISED[name]).map(([name]) => (
        <p key={name} className="report__hint report__hint--feature">
          {UNADVERTISED[name]}
        </p>
      ))}

      {report.notes.length > 0 && (
        <>
          <h4 className="report__subtitle">Before you sign in</h4>
          <ul className="report__notes">
            {report.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      )}
      {guide && (
        <p className="report__docs">
          <GuideLink url={guide.url} providerName={guide.providerName} />
        </p>
      )}
    </section>
  );
};
