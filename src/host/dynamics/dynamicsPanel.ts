// The dynamics panel: one webview beside the editor that shows the latest Compare Cells, What If…
// or Sample… view (src/shared/dynamicsProtocol.ts). The page is panelHtml's strict-CSP page with
// its own bundle (dist/webview/dynamics.js) and stylesheet; messages from it are checked by
// parseDynamicsMessage before the commands (dynamicsCommands.ts) act on them.

import * as vscode from 'vscode';
import {
  parseDynamicsMessage,
  type DynamicsHostMessage,
  type DynamicsView,
  type DynamicsWebviewMessage,
} from '../../shared/dynamicsProtocol';
import { panelHtml } from '../panel/panelHtml';

export const DYNAMICS_VIEW_TYPE = 'rnn.dynamics';

/** What the page last said it shows (test mode), per view kind. */
export interface DynamicsApi {
  rendered(kind: DynamicsView['kind']): string | undefined;
  /** Resolves once the page has shown a view of `kind` whose text passes `predicate`. */
  waitForRendered(
    kind: DynamicsView['kind'],
    predicate: (text: string) => boolean,
    timeoutMs?: number,
  ): Promise<string>;
}

export type DynamicsAction = Exclude<DynamicsWebviewMessage, { type: 'ready' } | { type: 'rendered' }>;

export class DynamicsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private current: DynamicsHostMessage | undefined;
  private readonly texts = new Map<DynamicsView['kind'], string>();
  private readonly waiters = new Set<() => void>();
  /** The commands answer the page's buttons. */
  onAction: ((action: DynamicsAction) => void) | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly testMode: boolean,
  ) {}

  readonly api: DynamicsApi = {
    rendered: (kind) => this.texts.get(kind),
    waitForRendered: (kind, predicate, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const t = this.texts.get(kind);
          if (t !== undefined && predicate(t)) {
            this.waiters.delete(check);
            clearTimeout(timer);
            resolve(t);
          }
        };
        const timer = setTimeout(() => {
          this.waiters.delete(check);
          reject(new Error(`the dynamics panel never showed the expected ${kind} view`));
        }, timeoutMs);
        this.waiters.add(check);
        check();
      }),
  };

  /** Shows `view`, opening the panel beside the editor if it is not open. */
  show(view: DynamicsView): void {
    this.post({ type: 'show', view });
  }

  progress(message: string): void {
    if (this.panel) this.post({ type: 'progress', message });
  }

  error(message: string): void {
    if (this.panel) this.post({ type: 'error', message });
  }

  private post(message: DynamicsHostMessage): void {
    if (message.type === 'show') this.current = message;
    const panel = this.open();
    if (message.type === 'show') panel.title = message.view.title;
    if (this.ready) void panel.webview.postMessage(message);
  }

  private open(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(
      DYNAMICS_VIEW_TYPE,
      'RNN dynamics',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        enableForms: false,
        enableCommandUris: false,
        retainContextWhenHidden: true,
        localResourceRoots: [
          vscode.Uri.joinPath(this.extensionUri, 'dist'),
          vscode.Uri.joinPath(this.extensionUri, 'media'),
        ],
      },
    );
    const uri = (...p: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      title: 'RNN dynamics',
      scriptUri: uri('dist', 'webview', 'dynamics.js'),
      styleUri: uri('media', 'dynamics.css'),
      katexStyleUri: uri('media', 'katex', 'katex.min.css'),
      reportPaints: this.testMode,
    });
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
    this.panel = panel;
    this.ready = false;
    return panel;
  }

  private receive(raw: unknown): void {
    const m = parseDynamicsMessage(raw);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.current) void this.panel?.webview.postMessage(this.current);
        break;
      case 'rendered':
        if (!this.testMode) break;
        this.texts.set(m.kind, m.text);
        for (const w of [...this.waiters]) w();
        break;
      case 'apply':
      case 'discard':
      case 'stepThrough':
      case 'fileRun':
      case 'whatIf':
        this.onAction?.(m);
        break;
      default: {
        const never: never = m;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
