// What the benchmark needs from the engine, bundled by test/bench/engine.bench.mjs with esbuild
// into dist/bench/engine.mjs (so the benchmark times the same compiled code the extension runs).
export { parseModel } from '../../src/engine/parse/parse';
export { train } from '../../src/engine/compute/optimize';
export { runModel } from '../../src/engine/compute/run';
export { activeBackend, setBackend } from '../../src/engine/compute/linalg';
