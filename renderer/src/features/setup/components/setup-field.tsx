import type { PresetField } from '#ipc-contract';

export type SetupFieldProps = {
  field: PresetField;
  value: string;
  /** The message of a failure about this field: marks it invalid and says why, under it. */
  error: string | undefined;
  disabled?: boolean;
  onChange: (value: string) => void;
};

const INPUT_PROPS: Record<PresetField['kind'], { type: string; inputMode?: 'numeric' | 'url'; autoComplete: string }> = {
  // Not type="url": presets accept a bare host name, which the browser would flag as invalid.
  url: { type: 'text', inputMode: 'url', autoComplete: 'url' },
  text: { type: 'text', autoComplete: 'off' },
  // Not type="number": no spinner, and what was typed reaches main as typed, to be explained.
  port: { type: 'text', inputMode: 'numeric', autoComplete: 'off' },
  secret: { type: 'password', autoComplete: 'off' },
};

/** One of a preset's inputs: its label, help as the input's description, and any error. Its
 *  `name` is the field's name, which is how a failure naming the field finds it. */
export const SetupField = ({ field, value, error, disabled = false, onChange }: SetupFieldProps) => {
  const id = `setup-${field.name}`;
  const describedBy = [field.help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {field.label}
        {!field.required && <span className="field__optional"> (optional)</span>}
      </label>
      {field.help && (
        <p id={`${id}-help`} className="field__help">
          {field.help}
        </p>
      )}
      <input
        id={id}
        name={field.name}
        className={field.kind === 'port' ? 'field__input field__input--short' : 'field__input'}
        {...INPUT_PROPS[field.kind]}
        value={value}
        placeholder={field.placeholder}
        required={field.required}
        disabled={disabled}
        spellCheck={false}
        autoCapitalize="none"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
};
