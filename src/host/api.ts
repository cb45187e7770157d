// What activate() returns: read by the end-to-end tests (and by any extension that builds on ours).
// The webview reports every step it has painted back to the host ('rendered' message); the host
// keeps the latest report per document so tests in the extension host can check what a person sees.
import type { SessionManager } from './sessionManager';

/** What the panel says it painted (sent by the webview after each render). */
export interface PanelReport {
  /** The document the panel shows. */
  readonly uri: string;
  readonly stepIndex: number;
  readonly stepId: string;
  /** The step's title as shown. */
  readonly title: string;
  /** textContent of the rendered numeric equation (KaTeX output), for assertions on numbers. */
  readonly equationText: string;
  /** Whether the panel shows the trace as stale (the file currently has errors). */
  readonly stale: boolean;
}

export interface PanelsApi {
  /** The latest report of the panel showing `uri` (any panel when omitted). */
  lastReport(uri?: string): PanelReport | undefined;
  /** Resolves with the first report matching `predicate` (checks the latest report first). */
  waitForReport(predicate: (r: PanelReport) => boolean, timeoutMs?: number): Promise<PanelReport>;
}

export interface RnnStepperApi {
  readonly sessions: SessionManager;
  readonly panels: PanelsApi;
}
