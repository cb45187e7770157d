// `rnn-step import WEIGHTS --into MODEL.rnn.json [-o OUT.rnn.json] [--activation tanh|relu]`:
// a PyTorch state_dict (JSON or .safetensors) written into the template's text
// (src/engine/interop/importModel.ts), on stdout or into OUT. A weights file that cannot be read
// or does not fit is one `WEIGHTS: error: MESSAGE` line; a template with problems gets its
// FILE:LINE:COL lines; both exit 1. Notes (a dropped h0, a head drawn from `init`) go to stderr.

import { importWeights } from '../engine/interop/importModel';
import { readWeights } from '../engine/interop/readWeights';
import { ImportError, MAX_WEIGHTS_BYTES } from '../engine/interop/stateDict';
import type { Invocation } from './args';
import type { CliIo } from './commands';
import { loadWithText, reason } from './loadModel';
import { describe } from './output';

export function importCommand(io: CliIo, inv: Invocation): number {
  const weightsFile = inv.file;
  const into = inv.into ?? '';
  const template = loadWithText(io, into, 'err');
  if (!template) return 1;
  let bytes: Uint8Array;
  try {
    bytes = io.readBytes(weightsFile, MAX_WEIGHTS_BYTES);
  } catch (e) {
    io.err(`rnn-step: cannot read ${weightsFile}: ${reason(e)}`);
    return 1;
  }
  let result;
  try {
    const dict = readWeights(bytes, weightsFile);
    result = importWeights(template, dict, inv.activation ? { activation: inv.activation } : {});
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    io.err(`${weightsFile}: error: ${e.message}`);
    return 1;
  }
  for (const note of result.notes) io.err(`${weightsFile}: note: ${note}`);
  if (inv.out === null) {
    io.out(result.text);
    return 0;
  }
  try {
    io.writeFile(inv.out, result.text.endsWith('\n') ? result.text : `${result.text}\n`);
  } catch (e) {
    io.err(`rnn-step: cannot write ${inv.out}: ${reason(e)}`);
    return 1;
  }
  io.err(`wrote ${inv.out}: ${describe(result.model)}`);
  return 0;
}
