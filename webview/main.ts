// Entry of the stepper panel (bundled to dist/webview/main.js). Messages from the host arrive as
// window 'message' events; the panel announces itself with 'ready' and the host answers with the
// run and the current step.

import type { HostMessage } from '../src/shared/protocol';
import { PanelApp } from './app';

const api = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
// Set by the host in test mode only (panelHtml.ts): report every painted step back.
const app = new PanelApp(root, api, { reportPaints: root.dataset.reportPaints === 'true' });
window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  const msg = e.data;
  if (typeof msg !== 'object' || msg === null || typeof msg.type !== 'string') return;
  app.handle(msg);
});
api.postMessage({ type: 'ready' });
