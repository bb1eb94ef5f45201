import { useId, useRef, useState } from 'react';
import { useTransient } from '../../hooks/use-transient.ts';
import { Button } from './button.tsx';
import { CopyIcon } from './icons.tsx';

const COPY_KEYS = /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘C' : 'Ctrl+C';

export type CopyFieldProps = {
  /** What the value is, e.g. "Redirect URI"; the button reads "Copy <label>". */
  label: string;
  value: string;
};

/**
 * A value to paste elsewhere (a redirect URI to register), read-only, with a Copy button. Where
 * the clipboard refuses (no permission, an unfocused window), the text is selected instead and
 * the person is told which keys copy it. The outcome is announced (role="status").
 */
export const CopyField = ({ label, value }: CopyFieldProps) => {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const copied = useTransient<true>(2500);
  const [manual, setManual] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setManual(false);
      copied.show(true);
    } catch {
      copied.clear();
      input.current?.focus();
      input.current?.select();
      setManual(true);
    }
  };

  return (
    <div className="copy-field">
      <label className="copy-field__label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field__row">
        <input
          id={id}
          ref={input}
          className="copy-field__value"
          value={value}
          readOnly
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button size="small" aria-label={`Copy ${label}`} onClick={() => void copy()}>
          <CopyIcon className="button__icon" />
          Copy
        </Button>
      </div>
      <p className={manual ? 'copy-field__status is-manual' : 'copy-field__status'} role="status">
        {manual ? `Selected: press ${COPY_KEYS} to copy.` : copied.value ? 'Copied' : ''}
      </p>
    </div>
  );
};
