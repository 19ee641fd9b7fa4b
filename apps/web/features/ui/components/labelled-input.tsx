import type { ChangeEvent, InputHTMLAttributes, ReactNode } from 'react';

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
