// What the debug adapter (rnnDebugSession.ts) drives and how a launch names it — the contract
// between the adapter, which imports no vscode, and the host glue (debugRegister.ts), which adapts
// a Session (session.ts) to it. The unit tests implement it over a trace of their own.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Trace } from '../../engine/trace/trace';
import type { ModelText } from './modelSpans';

/** The launch configuration's attributes (package.json contributes.debuggers). */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The `.rnn.json` to step through: a path or a URI. */
  readonly model?: string;
  /** Stop at step 1 (default true); false runs to the first breakpoint or the end. */
  readonly stopOnEntry?: boolean;
}

/** What the adapter drives: the Session of one `.rnn.json` (debugRegister.ts adapts it). */
export interface DebugTarget {
  /** The file as DAP sources name it: a file system path for file: URIs, else the URI. */
  readonly sourcePath: string;
  readonly sourceName: string;
  readonly trace: Trace | undefined;
  /** The trace belongs to an earlier text: the current one has errors. */
  readonly stale: boolean;
  readonly cursor: number;
  setCursor(index: number): boolean;
  /** The document's current text with jsonc-parser's tree of it. */
  modelText(): ModelText;
  /** The model ran again after an edit (Session.onDidRun). */
  onDidRun(listener: () => void): { dispose(): void };
  /** The text's problems changed over the same trace (Session.onDidChangeProblems). */
  onDidChangeProblems(listener: () => void): { dispose(): void };
  /** Something moved the cursor (Session.onDidMoveCursor) — this adapter or the stepper. */
  onDidMoveCursor(listener: () => void): { dispose(): void };
  /** Practice mode: the expressions (variables.ts refExpression) of what step `index` asks the
   *  person to compute, which the debugger shows without numbers; empty (or absent) otherwise. */
  hiddenAt?(index: number): ReadonlySet<string>;
  /** What hiddenAt answers may have changed: practice mode turned on or off, an answer, a hint. */
  onDidChangeHidden?(listener: () => void): { dispose(): void };
  /** Called once when the debug session lets go of the target (it is held until then). */
  release?(): void;
}

/** Finds (opens) the target of a launch; rejects with a message a person can act on. */
export type ResolveTarget = (args: LaunchArguments) => Promise<DebugTarget>;
