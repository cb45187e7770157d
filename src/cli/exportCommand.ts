// `rnn-step export FILE --to numpy|pytorch [-o OUT.py]`: the model as a runnable Python script
// (src/engine/interop/numpyScript.ts, pytorchScript.ts) on stdout or into OUT. Drawn weights
// (`init`) are written out as the numbers the engine drew. Exit 1 on an invalid or unreadable file.

import { numpyScript } from '../engine/interop/numpyScript';
import { pytorchScript } from '../engine/interop/pytorchScript';
import type { Invocation } from './args';
import type { CliIo } from './commands';
import { load, reason } from './loadModel';

export function exportCommand(io: CliIo, inv: Invocation): number {
  const model = load(io, inv.file, 'err');
  if (!model) return 1;
  const script = inv.to === 'pytorch' ? pytorchScript(model) : numpyScript(model);
  if (inv.out === null) {
    io.out(script);
    return 0;
  }
  try {
    io.writeFile(inv.out, script);
  } catch (e) {
    io.err(`rnn-step: cannot write ${inv.out}: ${reason(e)}`);
    return 1;
  }
  io.err(`wrote ${inv.out} (${inv.to === 'pytorch' ? 'PyTorch' : 'NumPy'}; run it with python3 ${inv.out})`);
  return 0;
}
