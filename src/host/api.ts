// What activate() returns: read by the end-to-end tests (and by any extension that builds on ours).
import type { SessionManager } from './session';

export interface RnnStepperApi {
  readonly sessions: SessionManager;
  readonly panels: unknown;
}
