import type { PresetId, PresetSummary } from '#ipc-contract';

export type PresetPickerProps = {
  presets: PresetSummary[];
  value: PresetId;
  onChange: (id: PresetId) => void;
};

/** The provider to set up, as native radios (restyled): arrow keys move between presets, as with any radios. */
export const PresetPicker = ({ presets, value, onChange }: PresetPickerProps) => (
  <fieldset className="setup-section">
    <legend className="setup-section__title">Identity provider</legend>
    <div className="preset-grid">
      {presets.map((preset) => (
        <label key={preset.id} className="preset-option">
          <input
            type="radio"
            name="presetId"
            className="preset-option__input"
            value={preset.id}
            checked={preset.id === value}
            onChange={() => onChange(preset.id)}
          />
          <span className="preset-option__name">{preset.name}</span>
        </label>
      ))}
    </div>
  </fieldset>
);
