'use client';

import type { ModelKind } from '@foretell/contracts';
import { paramLabel, splitFields, type ParamField, type RawParams } from '../api/model-params';
import { modelLabel } from '../api/model-label';
import { fieldsOf } from '../api/run-draft';

interface ParamsEditorProps {
  kind: ModelKind;
  idPrefix: string;
  values: RawParams;
  onChange: (values: RawParams) => void;
}

/** One model's settings: the key ones up front, the rest folded under "Advanced settings". */
export function ParamsEditor({ kind, idPrefix, values, onChange }: ParamsEditorProps) {
  const set = (name: string, value: string) => onChange({ ...values, [name]: value });
  const { key, more } = splitFields(fieldsOf(kind));
  const input = (f: ParamField) => <ParamInput key={f.name} id={`${idPrefix}-param-${kind}-${f.name}`} field={f} value={values[f.name] ?? ''} onChange={set} />;
  return (
    <div className="model-params" role="group" aria-labelledby={`${idPrefix}-params-${kind}`} data-params={kind}>
      <h4 id={`${idPrefix}-params-${kind}`} className="params-title">
        {modelLabel(kind)}
      </h4>
      {key.length > 0 && <div className="key-params">{key.map(input)}</div>}
      {more.length > 0 && (
        <details className="details params">
          <summary>
            Advanced settings<span className="visually-hidden"> of {modelLabel(kind)}</span>
          </summary>
          <div className="key-params">{more.map(input)}</div>
        </details>
      )}
    </div>
  );
}

interface ParamInputProps {
  id: string;
  field: ParamField;
  value: string;
  onChange: (name: string, value: string) => void;
}

/** One setting; empty means the model's default, shown as the placeholder ("auto": derived from the data). */
function ParamInput({ id, field: f, value, onChange }: ParamInputProps) {
  const hint = f.description ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{paramLabel(f.name)}</label>
      {f.input === 'boolean' || f.input === 'choice' ? (
        <select id={id} value={value} onChange={(e) => onChange(f.name, e.target.value)} aria-describedby={hint}>
          <option value="">Default{f.default === undefined ? '' : ` (${choiceText(f, String(f.default))})`}</option>
          {(f.input === 'boolean' ? ['true', 'false'] : (f.choices ?? [])).map((c) => (
            <option key={c} value={c}>
              {choiceText(f, c)}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={f.input === 'number' || f.input === 'integer' ? 'number' : 'text'}
          step={f.input === 'integer' ? 1 : 'any'}
          min={f.min}
          max={f.max}
          placeholder={f.default === undefined ? 'auto' : JSON.stringify(f.default)}
          value={value}
          onChange={(e) => onChange(f.name, e.target.value)}
          aria-describedby={hint}
        />
      )}
      {hint && (
        <span id={hint} className="hint">
          {f.description}
        </span>
      )}
    </div>
  );
}

/** Yes and No for a switch; a choice as the schema names it. */
const choiceText = (f: ParamField, value: string) => (f.input === 'boolean' ? (value === 'true' ? 'Yes' : 'No') : value);
