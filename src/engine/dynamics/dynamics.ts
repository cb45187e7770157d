// Why a model learns or doesn't, measured on one run of it: the gradient-flow matrix, the
// connectivity matrix, the spectral radius of each recurrent matrix, gate saturation, and one
// sentence for each. What `rnn-step dynamics` prints and what the panel draws.
//
// The matrices cost O(T² · GH · H) (gradientFlow.ts, connectivity.ts): a model too long for them is
// refused up front with a reason (dynamicsRefusal), and connectivity — r = min(O, H) times the
// flow's work — is left out, with the reason, when it alone would exceed its budget.

import type { Model } from '../model';
import { connectivity, connectivityWork, type ConnectivityMatrix } from './connectivity';
import { gradientFlow, type FlowMatrix } from './gradientFlow';
import { forwardSeries } from './linearization';
import { recurrentSpectra, type MatrixSpectrum } from './recurrentSpectra';
import { saturation, type GateSaturation } from './saturation';
import { connectivitySentence, flowSentence, saturationSentence, spectralSentence } from './sentences';
import { summarizeConnectivity, summarizeFlow, type ConnectivitySummary, type FlowSummary } from './verdicts';

export const DYNAMICS_LIMITS = {
  /** Timesteps: the flow matrix has T·(T+1) entries. */
  maxSteps: 2000,
  /** Multiply–adds of the flow matrix (under a minute on a slow machine). */
  maxFlowWork: 5e10,
  /** Multiply–adds of the connectivity matrix, beyond which it is left out. */
  maxConnectivityWork: 5e10,
} as const;

export interface Dynamics {
  readonly flow: FlowMatrix;
  readonly flowSummary: FlowSummary;
  /** null when left out (connectivitySkipped says why). */
  readonly connectivity: ConnectivityMatrix | null;
  readonly connectivitySummary: ConnectivitySummary | null;
  readonly connectivitySkipped: { readonly work: number; readonly limit: number } | null;
  readonly spectra: Readonly<Record<string, MatrixSpectrum>>;
  readonly saturation: Readonly<Record<string, GateSaturation>>;
  readonly sentences: {
    readonly flow: string;
    readonly connectivity: string;
    readonly spectralRadius: string;
    readonly saturation: string;
  };
}

export interface DynamicsOptions {
  /** 'auto' (default): within DYNAMICS_LIMITS.maxConnectivityWork; 'always'; 'never'. */
  readonly connectivity?: 'auto' | 'always' | 'never';
}

/** Multiply–adds of the flow matrix of `model`, every step counted as having a target (at most). */
export function flowWork(model: Model): number {
  const { steps: T, hiddenSize: H, outputSize: O } = model;
  const GH = (model.cell === 'rnn' ? 1 : model.cell === 'lstm' ? 4 : 3) * H;
  return ((T * (T + 1)) / 2) * GH * H + T * O * H;
}

/** Why the dynamics of `model` cannot be computed here, or null when they can. */
export function dynamicsRefusal(model: Model): string | null {
  const T = model.steps;
  if (T > DYNAMICS_LIMITS.maxSteps)
    return `the gradient-flow matrix of ${T} timesteps would have ${T * (T + 1)} entries; at most ${DYNAMICS_LIMITS.maxSteps} timesteps are analysed (shorten the sequence)`;
  const work = flowWork(model);
  if (work > DYNAMICS_LIMITS.maxFlowWork)
    return `the gradient-flow matrix would take ${work.toExponential(1)} multiply–adds (more than ${DYNAMICS_LIMITS.maxFlowWork.toExponential(0)}): shorten the sequence or the hidden size`;
  return null;
}

export function analyzeDynamics(model: Model, options: DynamicsOptions = {}): Dynamics {
  const refusal = dynamicsRefusal(model);
  if (refusal) throw new Error(refusal);
  const series = forwardSeries(model);
  const flow = gradientFlow(model, series);
  const mode = options.connectivity ?? 'auto';
  const work = connectivityWork(model);
  const skip = mode === 'never' || (mode === 'auto' && work > DYNAMICS_LIMITS.maxConnectivityWork);
  const conn = skip ? null : connectivity(model, series);
  const spectra = recurrentSpectra(model);
  const sat = saturation(model, series);
  const flowSummary = summarizeFlow(flow);
  const connectivitySummary = conn ? summarizeConnectivity(conn) : null;
  const skipped = skip ? { work, limit: DYNAMICS_LIMITS.maxConnectivityWork } : null;
  return {
    flow,
    flowSummary,
    connectivity: conn,
    connectivitySummary,
    connectivitySkipped: skipped,
    spectra,
    saturation: sat,
    sentences: {
      flow: flowSentence(flowSummary),
      connectivity: connectivitySentence(connectivitySummary, mode === 'never' ? null : skipped),
      spectralRadius: spectralSentence(model.cell, model.activation, spectra),
      saturation: saturationSentence(model.cell, sat),
    },
  };
}
