// The engine says when it falls back from WebAssembly to JavaScript (compute/notices.ts), through
// the listener its host installed (the extension's log) — and nothing when no one listens.

import { strict as assert } from 'node:assert';
import { setNoticeListener } from '../../src/engine/compute/notices';
import { instantiateGemm } from '../../src/engine/compute/wasmGemm';

describe('engine notices', () => {
  const g = globalThis as { WebAssembly?: unknown };
  const saved = g.WebAssembly;
  afterEach(() => {
    g.WebAssembly = saved;
    setNoticeListener(undefined);
  });

  it('compiles the kernel here, silently', () => {
    const heard: string[] = [];
    setNoticeListener((m) => heard.push(m));
    assert.notEqual(instantiateGemm(), null);
    assert.deepEqual(heard, []);
  });

  it('says why it uses JavaScript where WebAssembly is missing', () => {
    const heard: string[] = [];
    setNoticeListener((m) => heard.push(m));
    delete g.WebAssembly;
    assert.equal(instantiateGemm(), null);
    assert.deepEqual(heard, [
      'WebAssembly is not available here: the engine uses its JavaScript kernel (same numbers, slower)',
    ]);
  });

  it('says why when the kernel does not compile (a policy that forbids compiling)', () => {
    const heard: string[] = [];
    setNoticeListener((m) => heard.push(m));
    g.WebAssembly = {
      ...(saved as object),
      Memory: (saved as { Memory: unknown }).Memory,
      Module: function () {
        throw new Error('Wasm code generation disallowed by embedder');
      },
    };
    assert.equal(instantiateGemm(), null);
    assert.equal(heard.length, 1);
    assert.match(heard[0], /did not compile \(Wasm code generation disallowed by embedder\): .*JavaScript kernel/);
  });

  it('goes nowhere without a listener', () => {
    delete g.WebAssembly;
    assert.equal(instantiateGemm(), null);
  });
});
