// The read-only half of the debug adapter: the thread, the call stack, the scopes, the variables
// and evaluate (Watch, Debug Console, hovers). Each request reads the target's trace at the
// target's cursor, without what practice mode asks there (DebugTarget.hiddenAt), and nothing here
// moves it; debugBreakpoints.ts extends this class with the breakpoints, and rnnDebugSession.ts
// that one with launch, stepping and the events that keep the client in step with the session.
//
// One thread "RNN"; three frames, innermost first: the equation (the step), its timestep, its
// phase — the trace's nesting (docs/ARCHITECTURE.md, frames.ts).
//
// Variable references are handles that live until the next stop: the subclass resets them
// whenever the cursor moves or the run changes, so a reference never names a stale value.

import { DebugSession, Handles, Scope, Source, StackFrame, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugTarget } from './debugTarget';
import { evaluateExpression, evaluationResult } from './evaluate';
import { stepFrames } from './frames';
import {
  childVariables,
  NOTHING_HIDDEN,
  scopeTensors,
  SCOPES,
  tensorVariable,
  type ScopeKind,
  type TensorNode,
} from './variables';

export const THREAD_ID = 1;

type Handle =
  { readonly kind: 'scope'; readonly scope: ScopeKind } | { readonly kind: 'tensor'; readonly node: TensorNode };

export abstract class DebugInspection extends DebugSession {
  /** The session being debugged (set by launch). */
  protected target: DebugTarget | undefined;
  protected readonly handles = new Handles<Handle>();

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, 'RNN')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    const target = this.target;
    if (!target?.trace) return this.fail(response, 'no run to show');
    const source = new Source(target.sourceName, target.sourcePath);
    const frames = stepFrames(target.modelText(), target.trace, target.cursor).map(
      (f) =>
        new StackFrame(
          f.id,
          f.name,
          source,
          this.convertDebuggerLineToClient(f.line),
          this.convertDebuggerColumnToClient(f.column),
        ),
    );
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : frames.length;
    response.body = { stackFrames: frames.slice(start, end), totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    // Every frame shows the run at the cursor: a timestep or a phase has no state of its own.
    response.body = {
      scopes: SCOPES.map((s) => new Scope(s.name, this.handles.create({ kind: 'scope', scope: s.kind }), false)),
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    const handle = this.handles.get(args.variablesReference);
    const target = this.target;
    let variables: DebugProtocol.Variable[] = [];
    if (handle && target?.trace) {
      if (handle.kind === 'scope') {
        variables = scopeTensors(target.trace, target.cursor, handle.scope, this.hidden(target)).map((t) =>
          tensorVariable(t, this.allocate, t.scalar),
        );
      } else if (args.filter !== 'named') {
        // Elements and rows are all indexed children.
        variables = childVariables(handle.node, this.allocate, args.start ?? 0, args.count || undefined);
      }
    }
    response.body = { variables };
    this.sendResponse(response);
  }

  protected override evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): void {
    const target = this.target;
    if (!target?.trace) return this.fail(response, 'no run to evaluate in');
    const e = evaluateExpression(target.trace, target.cursor, args.expression, this.hidden(target));
    if (!e.ok) return this.fail(response, e.error);
    response.body = evaluationResult(e, this.allocate);
    this.sendResponse(response);
  }

  /** What practice mode keeps from the debugger at the cursor. */
  private hidden(target: DebugTarget): ReadonlySet<string> {
    return target.hiddenAt?.(target.cursor) ?? NOTHING_HIDDEN;
  }

  protected fail(response: DebugProtocol.Response, message: string): void {
    response.success = false;
    response.message = message;
    this.sendResponse(response);
  }

  private readonly allocate = (node: TensorNode): number => this.handles.create({ kind: 'tensor', node });
}
