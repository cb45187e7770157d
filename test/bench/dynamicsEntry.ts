// What the dynamics benchmark needs from the engine, bundled by test/bench/dynamics.bench.mjs with
// esbuild into dist/bench/dynamics.mjs (the same compiled code the extension and the CLI run).
export { parseModel } from '../../src/engine/parse/parse';
export { clipFactor, gradNorm, train } from '../../src/engine/compute/optimize';
export { openPass } from '../../src/engine/compute/pass';
export { activeBackend } from '../../src/engine/compute/linalg';
export { gradientFlow } from '../../src/engine/dynamics/gradientFlow';
export { connectivity } from '../../src/engine/dynamics/connectivity';
export { forwardSeries } from '../../src/engine/dynamics/linearization';
export { recurrentSpectra } from '../../src/engine/dynamics/recurrentSpectra';
export { downsampleLosses } from '../../src/shared/lossCurve';
export { runTraining } from '../../src/host/training/trainingWorker';
export { checkpointInterval } from '../../src/host/training/replayPlan';
export { trainingMessage } from '../../src/host/panel/trainingMessage';
