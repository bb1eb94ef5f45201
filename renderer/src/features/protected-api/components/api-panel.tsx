import type { ApiCallResult } from '#ipc-contract';
import { Alert } from '../../../components/ui/alert.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { InfoIcon } from '../../../components/ui/icons.tsx';
import type { BridgeError } from '../../../lib/bridge.ts';
import { cx } from '../../../utils/cx.ts';
import { ApiResponse, ApiStatus } from './api-response.tsx';

/** The last call's outcome: the API's answer (any status), or why there was none. */
export type ApiOutcome = { ok: true; result: ApiCallResult } | { ok: false; error: BridgeError };

export type ApiPanelProps = {
  apiUrl: string | undefined;
  outcome: ApiOutcome | undefined;
  isCalling: boolean;
  onCall: () => void;
  /** Opens the setup screen, where an API can be configured. */
  onOpenSetup: (() => void) | undefined;
};

/** "Protected API": calls the configured API with the session's access token and shows the answer. */
export const ApiPanel = ({ apiUrl, outcome, isCalling, onCall, onOpenSetup }: ApiPanelProps) => {
  // The API is the configured provider's: an account at another provider is refused, as
  // expected. That is explained calmly, in the status, never as a failure.
  const refused = outcome && !outcome.ok && outcome.error.code === 'api_other_provider' ? outcome.error.message : undefined;
  return (
    <section className="card api-panel" aria-labelledby="api-heading">
      <div className="card__header">
        <h3 id="api-heading" className="card__title">
          Protected API
        </h3>
        {apiUrl && (
          <Button variant="primary" size="small" isPending={isCalling} onClick={onCall}>
            Call API
          </Button>
        )}
      </div>
      {apiUrl ? (
        <>
          <p className="card__lead">
            Calls <code className="api-panel__url">{apiUrl}</code> with your access token. The app adds the token; this
            window never sees it.
          </p>
          {/* Always there, so the new status is announced when an answer arrives. */}
          <p className={cx('api-status', refused && 'note')} role="status">
            {outcome?.ok && <ApiStatus result={outcome.result} />}
            {refused && (
              <>
                <InfoIcon className="note__icon" />
                <span className="note__message">{refused}</span>
              </>
            )}
          </p>
          {outcome && !outcome.ok && !refused && <Alert code={outcome.error.code}>{outcome.error.message}</Alert>}
          {outcome?.ok && <ApiResponse result={outcome.result} />}
        </>
      ) : (
        <>
          <p className="card__lead">
            No API is configured. Add the address of an API that accepts this provider’s access tokens in the setup
            screen, then call it from here.
          </p>
          {onOpenSetup && (
            <div className="button-row">
              <Button size="small" onClick={onOpenSetup}>
                Open the setup
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
};
