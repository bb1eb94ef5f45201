import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import type { ConnectionReport as Report, PresetField, PresetId, SetupInfo, SetupRequest } from '#ipc-contract';
import { Alert } from '../../../components/ui/alert.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { InfoIcon } from '../../../components/ui/icons.tsx';
import { Note } from '../../../components/ui/note.tsx';
import type { BridgeError } from '../../../lib/bridge.ts';
import { ConnectionReport } from './connection-report.tsx';
import { GuideLink } from './guide-link.tsx';
import { PresetPicker } from './preset-picker.tsx';
import { SetupField } from './setup-field.tsx';
import { SignInWait, type SignInWaitProps } from './sign-in-wait.tsx';

/** A successful test and the request it was made with. */
export interface TestedSetup {
  request: SetupRequest;
  report: Report;
}

// The two inputs every preset shares, named as SetupRequest names them.
const NAME_FIELD: PresetField = {
  name: 'providerName',
  label: 'Display name',
  kind: 'text',
  required: false,
  help: 'How the app names this provider on the sign-in screen.',
};
const API_FIELD: PresetField = {
  name: 'apiUrl',
  label: 'Protected API URL',
  kind: 'url',
  required: false,
  placeholder: 'https://api.example.com/me',
  help: 'An API that accepts this provider’s access tokens. Once you are signed in, the app can call it for you.',
};

type Values = Partial<Record<PresetId, Record<string, string>>>;

const sameRequest = (a: SetupRequest, b: SetupRequest): boolean => JSON.stringify(a) === JSON.stringify(b);

export type SetupFormProps = {
  setup: SetupInfo;
  tested: TestedSetup | undefined;
  testError: BridgeError | undefined;
  saveError: BridgeError | undefined;
  isTesting: boolean;
  isSaving: boolean;
  /** Signed in: saving asks for a fresh sign-in at the current provider first. */
  signInFirst: boolean;
  /** That sign-in runs (saving waits for it): what cancels it. */
  signInWait: SignInWaitProps | undefined;
  onTest: (request: SetupRequest) => void;
  onSave: (request: SetupRequest) => void;
  /** Undefined when there is nothing to go back to (nothing configured yet). */
  onCancel: (() => void) | undefined;
  /** Adding an account at another provider: no API, and "Sign in" (`onSave`) instead of Save.
   *  `apiProviderName`: the provider the app's protected API is for, if it has one. */
  add?: { apiProviderName: string | undefined } | undefined;
};

export const SetupForm = ({
  setup,
  tested,
  testError,
  saveError,
  isTesting,
  isSaving,
  signInFirst,
  signInWait,
  onTest,
  onSave,
  onCancel,
  add,
}: SetupFormProps) => {
  const { presets, saved } = setup;
  const [presetId, setPresetId] = useState<PresetId | undefined>(() => saved?.presetId ?? presets[0]?.id);
  // Values per preset, so trying another preset and coming back loses nothing.
  const [values, setValues] = useState<Values>(() => (saved ? { [saved.presetId]: saved.values } : {}));
  const [extras, setExtras] = useState<Record<string, string>>(() => ({
    providerName: saved?.providerName ?? '',
    apiUrl: saved?.apiUrl ?? '',
  }));
  const [confirming, setConfirming] = useState(false);
  // The failure whose field the person has edited since: its marks come off that field.
  const [handledError, setHandledError] = useState<BridgeError>();

  const form = useRef<HTMLFormElement>(null);
  const saveAnyway = useRef<HTMLButtonElement>(null);
  const error = saveError ?? testError;
  const invalid = error && error !== handledError ? error : undefined;

  // A failure that names a field takes the person there (the alert still reads the message).
  // Layout effects: focus moves in the same commit that shows the failure, never a frame later.
  useLayoutEffect(() => {
    if (!error?.field) return;
    const input = form.current?.elements.namedItem(error.field);
    if (input instanceof HTMLElement) input.focus();
  }, [error]);
  useLayoutEffect(() => {
    if (confirming) saveAnyway.current?.focus();
  }, [confirming]);

  const preset = presets.find((candidate) => candidate.id === presetId);
  if (!preset) return <Alert>The app offers no provider presets. Reinstall the app: part of it is missing.</Alert>;

  const valueOf = (field: PresetField): string => values[preset.id]?.[field.name] ?? field.defaultValue ?? '';
  const request: SetupRequest = { presetId: preset.id, values: {} };
  for (const field of preset.fields) {
    const value = valueOf(field).trim();
    // Left empty: main applies the preset's default.
    if (value) request.values[field.name] = value;
  }
  // Another provider's accounts never call the app's API (main ignores it): the form has no such field.
  if (extras.apiUrl?.trim() && !add) request.apiUrl = extras.apiUrl.trim();
  if (extras.providerName?.trim()) request.providerName = extras.providerName.trim();

  const isTested = tested !== undefined && sameRequest(tested.request, request);
  // The environment sets the app's own provider only: adding an account elsewhere is still open.
  const isEnv = setup.source === 'env' && !add;

  const edited = (name: string) => {
    setConfirming(false);
    if (invalid?.field === name) setHandledError(invalid);
  };
  const fieldError = (name: string) => (invalid?.field === name ? invalid.message : undefined);
  const labelOf = (name: string | undefined) =>
    [...preset.fields, NAME_FIELD, API_FIELD].find((field) => field.name === name)?.label;

  const test = (event?: FormEvent) => {
    event?.preventDefault();
    // A blocked submit button still submits the form (Enter in a field, a click): ignore it here.
    if (isTesting || isSaving) return;
    setConfirming(false);
    onTest(request);
  };
  const save = () => {
    // Signing in tests the values itself: nothing is kept unless it succeeds.
    if (isTested || confirming || add) {
      setConfirming(false);
      onSave(request);
    } else {
      setConfirming(true);
    }
  };

  const errorAlert = (failure: BridgeError | undefined) => {
    if (!failure) return null;
    // The person said no to the sign-in that saving asked for: calm news, not an alarm.
    if (failure.code === 'cancelled') return <Note>{add ? 'No account was added' : 'Nothing was saved'}: the sign-in was cancelled.</Note>;
    const label = labelOf(failure.field);
    return (
      <Alert code={failure.code}>
        {failure.message}
        {label && !failure.message.includes(label) && ` Check “${label}”.`}
      </Alert>
    );
  };

  return (
    <form ref={form} className="setup-form" noValidate onSubmit={test}>
      <PresetPicker
        presets={presets}
        value={preset.id}
        onChange={(id) => {
          setConfirming(false);
          // A failure was about the other preset's values: its marks do not belong here.
          if (invalid) setHandledError(invalid);
          setPresetId(id);
        }}
      />

      <fieldset className="setup-section">
        <legend className="setup-section__title">{preset.name}</legend>
        <p className="setup-section__guide">
          <GuideLink url={preset.docsUrl} providerName={preset.name} />
        </p>
        {preset.fields.map((field) => (
          <SetupField
            key={`${preset.id}.${field.name}`}
            field={field}
            value={valueOf(field)}
            error={fieldError(field.name)}
            onChange={(value) => {
              edited(field.name);
              setValues((all) => ({ ...all, [preset.id]: { ...all[preset.id], [field.name]: value } }));
            }}
          />
        ))}
      </fieldset>

      <fieldset className="setup-section">
        <legend className="setup-section__title">{add ? 'Name' : 'Name and API'}</legend>
        {(add ? [NAME_FIELD] : [NAME_FIELD, API_FIELD]).map((field) => (
          <SetupField
            key={field.name}
            field={
              field.name === 'providerName'
                ? { ...field, placeholder: preset.name, ...(add ? { help: 'How the app names this provider in the account list.' } : {}) }
                : field
            }
            value={extras[field.name] ?? ''}
            error={fieldError(field.name)}
            onChange={(value) => {
              edited(field.name);
              setExtras((all) => ({ ...all, [field.name]: value }));
            }}
          />
        ))}
      </fieldset>

      <div className="setup-step">
        <div className="setup-step__actions">
          <Button type="submit" variant={isTested || add ? 'secondary' : 'primary'} isPending={isTesting} isBlocked={isSaving}>
            Test connection
          </Button>
          <p className="setup-step__hint">Checks the provider’s discovery document. Nothing is {add ? 'kept' : 'saved'} yet.</p>
        </div>
        {!saveError && errorAlert(testError)}
        {tested && <ConnectionReport report={tested.report} guide={{ url: preset.docsUrl, providerName: preset.name }} isStale={!isTested} />}
      </div>

      <div className="setup-footer">
        {confirming && (
          <div className="confirm" role="alert">
            <p className="confirm__message">
              <strong>Save without a successful test?</strong> If a value is wrong, signing in fails until you fix it
              here.
            </p>
            <div className="button-row">
              <Button ref={saveAnyway} variant="primary" size="small" onClick={save}>
                Save anyway
              </Button>
              <Button size="small" onClick={() => test()}>
                Test first
              </Button>
            </div>
          </div>
        )}
        {errorAlert(saveError)}
        {signInWait ? (
          <SignInWait {...signInWait} adding={add !== undefined} />
        ) : (
          signInFirst &&
          !isEnv && (
            <div className="note" id="setup-sign-in-first">
              <InfoIcon className="note__icon" />
              <p className="note__message">
                You’re signed in: saving asks you to sign in again first, in your browser. Nothing is saved until you do.
              </p>
            </div>
          )
        )}
        <div className="button-row">
          <Button
            variant={isTested || add ? 'primary' : 'secondary'}
            isPending={isSaving}
            isBlocked={isTesting || confirming}
            disabled={isEnv}
            aria-describedby={isEnv ? 'setup-env-note' : signInFirst && !signInWait ? 'setup-sign-in-first' : undefined}
            onClick={save}
          >
            {add ? 'Sign in' : 'Save'}
          </Button>
          {onCancel && (
            <Button variant="quiet" isBlocked={isSaving} onClick={onCancel}>
              Cancel
            </Button>
          )}
          {add ? (
            <p className="setup-step__hint setup-footer__hint">
              Opens the provider’s sign-in page in your browser. The app keeps the provider while an account there is signed in.
            </p>
          ) : (
            !isEnv && <p className="setup-step__hint setup-footer__hint">Saving switches the app to this provider.</p>
          )}
        </div>
      </div>
    </form>
  );
};
