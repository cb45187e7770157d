// Turning a fully validated tree into a Model: the only place that allocates tensors, reached
// only when there is no error and every size is within the limits. Matrices become row-major
// Float64Arrays with paramShape's shapes; `{"init": …}` draws them with init.ts.

import type { Node } from 'jsonc-parser';
import {
  PARAM_NAMES,
  paramShape,
  type CellKind,
  type Inputs,
  type LossKind,
  type Model,
  type Targets,
  type Tensor,
} from '../model';
import type { Field } from './fields';
import { defaultInitScale, lazyInitParams } from './init';
import { elements } from './jsonNodes';
import type { InputsInfo } from './sequences';
import type { TargetsInfo } from './targets';
import type { Settings } from './settings';
import { copyMatrix, copyVector } from './numericArrays';
import type { TokenList, TokenSource } from './tokenList';
import type { WeightsInfo } from './weights';

export interface ValidatedParts {
  readonly settings: Settings;
  readonly cell: CellKind;
  readonly loss: LossKind;
  readonly vocab: Field<TokenList>;
  readonly classes: TokenSource | null;
  readonly inputs: InputsInfo;
  readonly targets: TargetsInfo;
  readonly weights: WeightsInfo;
  readonly I: number;
  readonly H: number;
  readonly O: number;
  readonly h0: Node | undefined;
  readonly c0: Node | undefined;
}

export function buildModel(v: ValidatedParts): Model | null {
  const { cell, I, H, O } = v;
  const inputs = buildInputs(v.inputs, I);
  const targets = buildTargets(v.targets, O);
  const params = buildParams(v);
  if (!inputs || !targets || !params) return null;
  const h0 = new Float64Array(H);
  if (v.h0) copyVector(v.h0, h0);
  let c0: Float64Array | null = null;
  if (cell === 'lstm') {
    c0 = new Float64Array(H);
    if (v.c0) copyVector(v.c0, c0);
  }
  const tokenOutputs = targets.kind === 'tokens' || (targets.kind === 'none' && v.classes !== null);
  return {
    name: v.settings.name,
    cell,
    activation: v.settings.activation,
    inputSize: I,
    hiddenSize: H,
    outputSize: O,
    steps: v.inputs.T,
    vocab: v.vocab.kind === 'ok' ? v.vocab.value.tokens : null,
    classes: tokenOutputs && v.classes?.list.kind === 'ok' ? v.classes.list.value.tokens : null,
    inputs,
    targets,
    loss: v.loss,
    reduction: v.settings.reduction,
    h0,
    c0,
    params: params.params,
    init: params.init,
    train: v.settings.train,
  };
}

function buildInputs(info: InputsInfo, I: number): Inputs | null {
  if (info.kind === 'tokens') return info.ids ? { kind: 'tokens', ids: info.ids } : null;
  const data = new Float64Array(info.T * I);
  const rows = elements(info.node);
  for (let t = 0; t < rows.length; t++) copyVector(rows[t], data, t * I);
  return { kind: 'vectors', data };
}

function buildTargets(info: TargetsInfo, O: number): Targets | null {
  switch (info.kind) {
    case 'none':
      return { kind: 'none' };
    case 'invalid':
      return null;
    case 'tokens':
      return info.ids ? { kind: 'tokens', ids: info.ids } : null;
    case 'vectors': {
      const rows = elements(info.node);
      const data = new Float64Array(rows.length * O);
      const mask = new Uint8Array(rows.length);
      for (let t = 0; t < rows.length; t++) {
        if (rows[t].type === 'null') continue;
        mask[t] = 1;
        copyVector(rows[t], data, t * O);
      }
      return { kind: 'vectors', data, mask };
    }
    default: {
      const never: never = info;
      return never;
    }
  }
}

function buildParams(v: ValidatedParts): { params: Record<string, Tensor>; init: Model['init'] } | null {
  const { cell, I, H, O, weights } = v;
  if (weights.kind === 'init') {
    if (weights.seed.kind !== 'ok') return null;
    const seed = weights.seed.value;
    const scale = weights.scale.kind === 'ok' ? weights.scale.value : defaultInitScale(H);
    return { params: lazyInitParams(cell, I, H, O, seed, scale), init: { seed, scale } };
  }
  const params: Record<string, Tensor> = {};
  for (const name of PARAM_NAMES[cell]) {
    const p = weights.params.get(name);
    if (!p) return null;
    const shape = paramShape(name, I, H, O);
    const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
    if (shape.length === 2) copyMatrix(p.node, data, shape[1]);
    else copyVector(p.node, data);
    params[name] = { shape, data };
  }
  return { params, init: null };
}
