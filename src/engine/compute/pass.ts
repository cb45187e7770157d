// The numeric core of a run — forward, loss and (optionally) backward — without anything the
// numbers do not need (no step list, no copies). `runModel` (run.ts), `train` (optimize.ts) and
// the gradient check (gradcheck.ts) all go through here.
//
// A Pass holds one heap for as long as it is open. Its parameter block is the single source of
// the weights: `run` packs the kernel's copies from it every time, so a caller may change it in
// place between runs (train's SGD step, gradcheck's probes) without reloading anything.
// runTask.ts does the same work in slices, for a run that must be cancellable or yield.

import { backward } from './bptt';
import { acquireHeap, type Heap } from './linalg';
import { computeLoss, type LossResult } from './loss';
import { forward } from './forward';
import { PARAM_NAMES, type Model, type Tensor } from '../model';
import { loadInputs, packBackward, packForward, planLayout, type Layout } from './heapLayout';

export interface Pass {
  readonly M: Float64Array;
  readonly L: Layout;
  /** Copies parameters into the parameter block. */
  loadParams(params: Readonly<Record<string, Tensor>>): void;
  /** Forward and loss, then backward unless `withBackward` is false. */
  run(withBackward?: boolean): LossResult;
  /** The parameter block (or the gradient block) as fresh tensors shaped like the model's. */
  read(block: 'params' | 'grads'): Record<string, Tensor>;
  release(): void;
}

/** Opens a pass over `model` with its parameters, h0, c0 and inputs loaded. */
export function openPass(model: Model): Pass {
  if (model.steps < 1) throw new Error('a model needs at least one timestep'); // parseModel guarantees it
  const L = planLayout(model);
  const heap: Heap = acquireHeap(L.size);
  const { M } = heap;
  const pass: Pass = {
    M,
    L,
    loadParams(params) {
      for (const name of PARAM_NAMES[L.cell]) M.set(params[name].data, L.P + L.rel[name]);
    },
    run(withBackward = true) {
      packForward(M, L);
      forward(heap, L, model);
      const loss = computeLoss(M, L, model);
      if (withBackward) {
        packBackward(M, L);
        backward(heap, L, model);
      }
      return loss;
    },
    read: (block) => readBlock(M, block === 'params' ? L.P : L.GD, L, model),
    release: () => heap.release(),
  };
  loadInputs(M, L, model);
  pass.loadParams(model.params);
  return pass;
}

/** The parameter or gradient block at `base` as fresh tensors shaped like the model's parameters. */
export function readBlock(M: Float64Array, base: number, L: Layout, model: Model): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const name of PARAM_NAMES[L.cell]) {
    const at = base + L.rel[name];
    out[name] = { shape: [...model.params[name].shape], data: M.slice(at, at + model.params[name].data.length) };
  }
  return out;
}

export interface PassState extends LossResult {
  readonly M: Float64Array;
  readonly L: Layout;
}

/** One forward + loss + backward over the model; `use` reads what it needs before the heap goes back. */
export function withPass<R>(model: Model, use: (state: PassState) => R): R {
  const pass = openPass(model);
  try {
    const loss = pass.run(true);
    return use({ ...loss, M: pass.M, L: pass.L });
  } finally {
    pass.release();
  }
}
