import { colourOf } from '../model-colours';

/** A model's colour as it appears in every chart: ties a table row or a checkbox to its line. */
export function ModelSwatch({ kind }: { kind: string }) {
  return <span className="swatch" style={{ background: colourOf(kind) }} aria-hidden="true" data-swatch={kind} />;
}
