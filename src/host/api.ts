// What activate() returns under an extension test runner (ExtensionMode.Test), and only there: the
// end-to-end tests read it. In that mode the webview reports every step it has painted back to the
// host ('rendered' message); the host keeps the latest report per document so tests in the
// extension host can check what a person sees. Outside test mode activate() returns nothing and
// the panel reports nothing.
import type { RenderedMessage } from '../shared/protocol';
import type { SessionManager } from './session/sessionManager';
import type { DynamicsApi } from './dynamics/dynamicsPanel';

/** What the panel says it painted: its 'rendered' message, and the document it shows. */
export type PanelReport = Omit<RenderedMessage, 'type'> & {
  /** The document the panel shows. */
  readonly uri: string;
};

export interface PanelsApi {
  /** The latest report of the panel showing `uri` (any panel when omitted). */
  lastReport(uri?: string): PanelReport | undefined;
  /** Resolves with the first report matching `predicate` (checks the latest report first). */
  waitForReport(predicate: (r: PanelReport) => boolean, timeoutMs?: number): Promise<PanelReport>;
}

export interface RnnStepperApi {
  readonly sessions: SessionManager;
  readonly panels: PanelsApi;
  /** What the dynamics panel (Compare Cells, What If…, Sample…) shows. */
  readonly dynamics: DynamicsApi;
}
