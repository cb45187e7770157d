// The lines of the `.rnn.json` in the debugger: breakpoints (each verified against the run, and
// moved with it when an edit re-runs the model), the columns of inline breakpoints, and Run to
// Line's targets. Between the read-only requests (debugInspection.ts) and launch and stepping
// (rnnDebugSession.ts), which stops where these breakpoints say (stops()). Also the one exception
// breakpoint, "NaN / Infinity" (nonFiniteStop.ts), and the exceptionInfo request it answers.

import { Breakpoint } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { BreakpointTable, mapBreakpoint, type BreakpointState } from './breakpoints';
import { DebugInspection } from './debugInspection';
import { lineStops, stepsForLine } from './modelLines';
import { exceptionInfoBody, NON_FINITE_FILTER } from './nonFiniteStop';

export abstract class DebugBreakpoints extends DebugInspection {
  protected readonly breakpoints = new BreakpointTable();
  /** Whether the "NaN / Infinity" exception breakpoint is on (until the client says, its default). */
  protected breakOnNonFinite = NON_FINITE_FILTER.default === true;

  protected override setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    const filters = [...args.filters, ...(args.filterOptions ?? []).map((o) => o.filterId)];
    this.breakOnNonFinite = filters.includes(NON_FINITE_FILTER.filter);
    response.body = { breakpoints: filters.map(() => ({ verified: true })) };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const r = this.target?.trace?.nonFinite;
    if (!r) return this.fail(response, 'every number of this run is finite: there is no exception');
    response.body = exceptionInfoBody(r);
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    const path = args.source.path ?? '';
    const requested: DebugProtocol.SourceBreakpoint[] =
      args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const states = this.breakpoints.set(
      path,
      requested.map((b) => ({
        line: this.convertClientLineToDebugger(b.line),
        ...(b.column === undefined ? {} : { column: this.convertClientColumnToDebugger(b.column) }),
      })),
    );
    response.body = { breakpoints: states.map((s) => this.verify(path, s)) };
    this.sendResponse(response);
  }

  protected override breakpointLocationsRequest(
    response: DebugProtocol.BreakpointLocationsResponse,
    args: DebugProtocol.BreakpointLocationsArguments,
  ): void {
    const target = this.target;
    const line = this.convertClientLineToDebugger(args.line);
    const stops =
      target?.trace && args.source.path === target.sourcePath ? lineStops(target.modelText(), target.trace, line) : [];
    response.body = {
      breakpoints: stops.length
        ? stops.map((s) => ({
            line: args.line,
            column: this.convertDebuggerColumnToClient(s.column),
            endColumn: this.convertDebuggerColumnToClient(s.endColumn),
          }))
        : [{ line: args.line }],
    };
    this.sendResponse(response);
  }

  protected override gotoTargetsRequest(
    response: DebugProtocol.GotoTargetsResponse,
    args: DebugProtocol.GotoTargetsArguments,
  ): void {
    const target = this.target;
    const trace = target?.trace;
    let targets: DebugProtocol.GotoTarget[] = [];
    if (target && trace && args.source.path === target.sourcePath) {
      const line = this.convertClientLineToDebugger(args.line);
      const column = args.column === undefined ? undefined : this.convertClientColumnToDebugger(args.column);
      // Several steps: VS Code offers a pick; the ones after the cursor first, in run order.
      const found = [...stepsForLine(target.modelText(), trace, line, column).steps];
      found.sort((a, b) => Number(a <= target.cursor) - Number(b <= target.cursor) || a - b);
      targets = found.map((i) => ({ id: i + 1, label: `step ${i + 1}: ${trace.steps[i].title}`, line: args.line }));
    }
    response.body = { targets };
    this.sendResponse(response);
  }

  /** Every step some breakpoint of the target's file stops at. */
  protected stops(): Set<number> {
    return this.target ? this.breakpoints.stops(this.target.sourcePath) : new Set();
  }

  /** Maps a breakpoint onto the run (updating its steps) and says so in DAP's terms. */
  protected verify(path: string, b: BreakpointState): DebugProtocol.Breakpoint {
    const verdict = mapBreakpoint(b, path, this.target);
    const out: DebugProtocol.Breakpoint = new Breakpoint(verdict.verified, this.convertDebuggerLineToClient(b.line));
    out.id = b.id;
    out.message = verdict.message;
    if (b.column !== undefined) out.column = this.convertDebuggerColumnToClient(b.column);
    return out;
  }
}
