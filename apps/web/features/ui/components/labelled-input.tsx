import type { ChangeEvent, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

interface LabelledInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string;
  label: ReactNode;
  /** One line under the input that says what the value means; read with the label by screen readers. */
  hint?: ReactNode;
}

/** A form's input with its label and, when it needs one, its one-line help. */
export function LabelledInput({ id, label, hint, ...input }: LabelledInputProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

type TextKeys<D> = { [K in keyof D]: D[K] extends string ? K : never }[keyof D];

/** Binds inputs to the text fields of a form's draft: `{...field('name')}` gives the input its value and onChange. */
export function bindText<D>(draft: D, set: (patch: Partial<D>) => void) {
  return (key: TextKeys<D>) => ({
    value: draft[key] as string,
    onChange: (e: ChangeEvent<HTMLInputElement>) => set({ [key]: e.target.value } as Partial<D>),
  });
}

interface LabelledSelectProps<V extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'> {
  id: string;
  label: ReactNode;
  value: V;
  onChange: (value: V) => void;
  /** `[value, label]` of each choice, in order. */
  options: readonly (readonly [V, ReactNode])[];
}

/** A form's select with its label: one choice per `[value, label]`. */
export function LabelledSelect<V extends string>({ id, label, value, onChange, options, ...select }: LabelledSelectProps<V>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V)} {...select}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Input props of a whole number from 1 (counts, horizons, periods). */
export const WHOLE_NUMBER = { type: 'number', min: 1, step: 1 } as const;
/** Input props of a percentage, 0 or more. */
export const PERCENTAGE = { type: 'number', min: 0, step: 'any' } as const;
