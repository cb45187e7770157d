// Entry of the dynamics panel (bundled to dist/webview/dynamics.js): Compare Cells, What If… and
// Sample… (src/shared/dynamicsProtocol.ts). Every string goes in through textContent; colours are
// the stepper's theme palette. In the extension's test mode the page reports what it shows as text.

import type {
  DynamicsHostMessage,
  DynamicsView,
  DynamicsWebviewMessage,
  WhatIfRequest,
} from '../../src/shared/dynamicsProtocol';
import { h } from '../dom';
import { readPalette } from '../palette';
import { renderCompare } from './compareView';
import { renderWhatIf } from './diffView';
import { renderSample } from './sampleView';
import '../state';

const api = acquireVsCodeApi() as unknown as { postMessage(m: DynamicsWebviewMessage): void };
const app = document.getElementById('app') as HTMLElement;
const reports = app.dataset.reportPaints === 'true';
const status = h('p', 'status');
status.setAttribute('role', 'status');

function show(view: DynamicsView): void {
  app.replaceChildren();
  const p = readPalette();
  const post = (m: DynamicsWebviewMessage) => api.postMessage(m);
  switch (view.kind) {
    case 'compare':
      renderCompare(app, view, p);
      break;
    case 'whatIf':
      renderWhatIf(app, view, p, {
        whatIf: (change: WhatIfRequest) => post({ type: 'whatIf', change }),
        apply: () => post({ type: 'apply' }),
        discard: () => post({ type: 'discard' }),
        stepThrough: () => post({ type: 'stepThrough' }),
      });
      break;
    case 'sample':
      renderSample(app, view, {
        stepThrough: () => post({ type: 'stepThrough' }),
        fileRun: () => post({ type: 'fileRun' }),
      });
      break;
    default: {
      const never: never = view;
      throw new Error(`unknown view ${JSON.stringify(never)}`);
    }
  }
  app.prepend(status);
  status.textContent = '';
  if (reports) post({ type: 'rendered', kind: view.kind, text: app.innerText });
}

window.addEventListener('message', (e: MessageEvent<DynamicsHostMessage>) => {
  const m = e.data;
  switch (m.type) {
    case 'show':
      show(m.view);
      break;
    case 'progress':
      status.textContent = m.message;
      if (!status.isConnected) app.prepend(status);
      break;
    case 'error':
      status.textContent = `Error: ${m.message}`;
      if (!status.isConnected) app.prepend(status);
      break;
    default: {
      const never: never = m;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
});
api.postMessage({ type: 'ready' });
