// The host's check of every message from the stepper panel (protocol.ts lists them): the webview
// renders model strings and could in principle be subverted, so a message is accepted only when it
// is a plain object with exactly the fields of one of ours, each of the right type and size. The
// host acts on the fresh copy returned here, never on what the webview sent; a refusal says why
// (the log records it: src/host/log.ts).

import type { WebviewMessage } from './protocol';

/** Upper bounds on what the host accepts from the webview. */
const MAX_INDEX = 2 ** 31 - 1;
const MAX_SHORT = 1_000;
const MAX_TEXT = 200_000;
/** A typed answer: a matrix typed by hand is far shorter (progress.ts keeps MAX_TEXT of it). */
const MAX_ANSWER = 20_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_INDEX;
}

function isText(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}

/** Only the listed keys may be present: a message with anything else is not one of ours. */
function onlyKeys(o: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

export type ParseOutcome =
  { readonly ok: true; readonly message: WebviewMessage } | { readonly ok: false; readonly reason: string };

/** Validates a message from the webview. Returns a fresh object holding only checked fields. */
export function parseWebviewMessage(raw: unknown): ParseOutcome {
  const fail = (reason: string): ParseOutcome => ({ ok: false, reason });
  if (!isRecord(raw)) return fail('not a plain object');
  const type = own(raw, 'type');
  if (typeof type !== 'string') return fail('no type');
  switch (type) {
    case 'ready':
    case 'resync':
    case 'backToFile':
      if (!onlyKeys(raw, ['type'])) return fail(`unexpected fields in ${type}`);
      return { ok: true, message: { type } };
    case 'setCursor':
    case 'shown': {
      if (!onlyKeys(raw, ['type', 'runId', 'stepIndex'])) return fail(`unexpected fields in ${type}`);
      const runId = own(raw, 'runId');
      const stepIndex = own(raw, 'stepIndex');
      if (!isIndex(runId)) return fail('bad runId');
      if (!isIndex(stepIndex)) return fail('bad stepIndex');
      return { ok: true, message: { type, runId, stepIndex } };
    }
    case 'goToNonFinite': {
      if (!onlyKeys(raw, ['type', 'runId'])) return fail('unexpected fields in goToNonFinite');
      const runId = own(raw, 'runId');
      if (!isIndex(runId)) return fail('bad runId');
      return { ok: true, message: { type, runId } };
    }
    case 'rendered': {
      if (!onlyKeys(raw, ['type', 'stepIndex', 'stepId', 'title', 'equationText', 'stale', 'practice']))
        return fail('unexpected fields in rendered');
      const practice = own(raw, 'practice');
      if (practice !== undefined && !isText(practice, MAX_SHORT)) return fail('bad practice');
      const stepIndex = own(raw, 'stepIndex');
      const stepId = own(raw, 'stepId');
      const title = own(raw, 'title');
      const equationText = own(raw, 'equationText');
      const stale = own(raw, 'stale');
      if (!isIndex(stepIndex)) return fail('bad stepIndex');
      if (!isText(stepId, MAX_SHORT) || !isText(title, MAX_SHORT)) return fail('bad stepId or title');
      if (!isText(equationText, MAX_TEXT)) return fail('bad equationText');
      if (typeof stale !== 'boolean') return fail('bad stale');
      const shown = { type, stepIndex, stepId, title, equationText, stale } as const;
      return { ok: true, message: practice === undefined ? shown : { ...shown, practice } };
    }
    case 'playControl': {
      if (!onlyKeys(raw, ['type', 'action'])) return fail('unexpected fields in playControl');
      const action = own(raw, 'action');
      if (action !== 'toggle' && action !== 'key') return fail('bad action');
      return { ok: true, message: { type, action } };
    }
    case 'practiceAnswer':
    case 'practiceHint': {
      const keys = type === 'practiceAnswer' ? ['type', 'runId', 'key', 'text'] : ['type', 'runId', 'key'];
      if (!onlyKeys(raw, keys)) return fail(`unexpected fields in ${type}`);
      const runId = own(raw, 'runId');
      const key = own(raw, 'key');
      if (!isIndex(runId)) return fail('bad runId');
      if (!isText(key, MAX_SHORT) || key.length === 0) return fail('bad key');
      if (type === 'practiceHint') return { ok: true, message: { type, runId, key } };
      const text = own(raw, 'text');
      if (!isText(text, MAX_ANSWER)) return fail('bad answer text');
      return { ok: true, message: { type, runId, key, text } };
    }
    case 'practiceControl': {
      if (!onlyKeys(raw, ['type', 'action'])) return fail('unexpected fields in practiceControl');
      const action = own(raw, 'action');
      if (action !== 'reset' && action !== 'exit') return fail('bad action');
      return { ok: true, message: { type, action } };
    }
    case 'requestDynamics': {
      if (!onlyKeys(raw, ['type', 'runId'])) return fail('unexpected fields in requestDynamics');
      const runId = own(raw, 'runId');
      if (!isIndex(runId)) return fail('bad runId');
      return { ok: true, message: { type, runId } };
    }
    case 'stepIntoIteration': {
      if (!onlyKeys(raw, ['type', 'iteration'])) return fail('unexpected fields in stepIntoIteration');
      const iteration = own(raw, 'iteration');
      if (!isIndex(iteration)) return fail('bad iteration');
      return { ok: true, message: { type, iteration } };
    }
    default:
      return fail(`unknown type ${JSON.stringify(type.slice(0, 40))}`);
  }
}
