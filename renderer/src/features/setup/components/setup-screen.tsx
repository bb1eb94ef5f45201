import type { Ref } from 'react';
import type { SetupInfo } from '#ipc-contract';
import { Alert } from '../../../components/ui/alert.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { InfoIcon } from '../../../components/ui/icons.tsx';
import type { BridgeError } from '../../../lib/bridge.ts';
import { SetupForm, type SetupFormProps } from './setup-form.tsx';

const LEAD = 'Choose your identity provider, enter what it gave you when you registered this app, and test the connection before you save.';
const LEAD_PREFIX: Partial<Record<SetupInfo['source'], string>> = {
  none: 'Nothing is set up yet. ',
  demo: 'The app is using its demo provider. ',
};

/** The form's props (passed on to it), plus loading the setup and the heading to focus. */
export type SetupScreenProps = Omit<SetupFormProps, 'setup'> & {
  headingRef: Ref<HTMLHeadingElement>;
  /** Undefined while loading (or when loading failed: see `loadError`). */
  setup: SetupInfo | undefined;
  loadError: BridgeError | undefined;
  onRetryLoad: () => void;
};

/** "Set up a provider": preset, values, Test connection, Save. The heading is there from the
 *  start, so it can take focus the moment the screen opens, before the presets arrive. The same
 *  screen adds an account at another provider (`add`): the same form, signing in instead of saving. */
export const SetupScreen = ({ headingRef, setup, loadError, onRetryLoad, onCancel, ...formProps }: SetupScreenProps) => (
  <section className="panel setup" aria-labelledby="screen-heading">
    <h2 id="screen-heading" className="screen-title" ref={headingRef} tabIndex={-1}>
      {formProps.add ? 'Add an account at another provider' : 'Set up a provider'}
    </h2>
    {formProps.add ? (
      <p className="screen-lead">
        Choose the account’s identity provider, enter what it gave you when you registered this app, then sign in.
        The app’s own provider and your other accounts stay as they are.
        {formProps.add.apiProviderName && ` The protected API stays with ${formProps.add.apiProviderName}: accounts at other providers cannot call it.`}
      </p>
    ) : (
      <p className="screen-lead">
        {(setup && LEAD_PREFIX[setup.source]) ?? ''}
        {LEAD}
      </p>
    )}
    {setup?.source === 'env' && !formProps.add && (
      <div className="note setup__env" id="setup-env-note">
        <InfoIcon className="note__icon" />
        <p className="note__message">
          The provider in use comes from environment variables (<code>OIDC_ISSUER</code> and others), which take
          precedence over anything saved here, so saving is turned off. You can still test a connection.
        </p>
      </div>
    )}
    {setup ? (
      <SetupForm setup={setup} onCancel={onCancel} {...formProps} />
    ) : loadError ? (
      <div className="setup__load-error">
        <Alert code={loadError.code}>The app could not list the providers it supports. {loadError.message}</Alert>
        <div className="button-row">
          <Button variant="primary" onClick={onRetryLoad}>
            Try again
          </Button>
          {onCancel && <Button onClick={onCancel}>Cancel</Button>}
        </div>
      </div>
    ) : (
      <div className="setup__loading" aria-busy="true">
        <p className="sr-only">Loading…</p>
        <div className="skeleton skeleton--line" />
        <div className="skeleton skeleton--line skeleton--short" />
      </div>
    )}
  </section>
);
