// Types of the webview suite's JavaScript (`// @ts-check` files, checked by test/tsconfig.mjs.json):
// the host code the harness bundles, typed as its sources; the panel helpers openPanel returns;
// the context every test receives; and what the harness adds to the panel's page.

import type { Browser, Page } from 'playwright-core';
import type { PanelReport } from '../../src/host/api';
import type { PanelController } from '../../src/host/panel/panelController';
import type { WebviewMessage } from '../../src/shared/protocol';
import type { DocumentWebviewMessage } from '../../src/shared/documentProtocol';
import type { DynamicsWebviewMessage } from '../../src/shared/dynamicsProtocol';
import type { FakeSession } from './fakeSession.mjs';
import type { Trace } from '../../src/engine/trace/trace';

/** The host-side code buildBundles() bundles for Node, with the types of its sources. */
export interface HostBundle {
  parseModel: typeof import('../../src/engine/parse/parse').parseModel;
  runModel: typeof import('../../src/engine/compute/run').runModel;
  cursorAfterRun: typeof import('../../src/engine/trace/navigation').cursorAfterRun;
  hiddenGradNorms: typeof import('../../src/engine/trace/stepValues').hiddenGradNorms;
  PanelController: typeof PanelController;
  PanelMessageBuilder: typeof import('../../src/host/panel/panelMessages').PanelMessageBuilder;
  panelHtml: typeof import('../../src/host/panel/panelHtml').panelHtml;
  contentSecurityPolicy: typeof import('../../src/host/panel/panelHtml').contentSecurityPolicy;
  makeNonce: typeof import('../../src/host/panel/panelHtml').makeNonce;
  PracticeSession: typeof import('../../src/host/practice/practiceSession').PracticeSession;
}

/** VS Code's theme variables and body class for one theme (themes.mjs). */
export interface Theme {
  readonly bodyClass: string;
  readonly vars: Readonly<Record<string, string>>;
}

export type ThemeName = 'dark' | 'light' | 'high-contrast';

export interface PanelOptions {
  theme?: ThemeName;
  width?: number;
  height?: number;
  /** What the page's vscode.getState() returns at load (a panel restored after a reload). */
  state?: unknown;
  bypassCSP?: boolean;
  /** As in the extension's test mode (default); false is the page a person gets. */
  reportPaints?: boolean;
}

/** What the harness logs for the controller: the refused messages. */
export interface TestLog {
  readonly warnings: string[];
  warn(message: string): void;
}

/** A panel open in Chromium, wired to a PanelController over a FakeSession. */
export interface Panel {
  readonly page: Page;
  /** Every 'rendered' report, in order. */
  readonly reports: PanelReport[];
  waitFor(pred: (r: PanelReport) => boolean, timeout?: number): Promise<PanelReport>;
  /** Moves the cursor and waits for the panel to paint that step. */
  goTo(index: number): Promise<PanelReport>;
  setTheme(name: ThemeName): Promise<void>;
  readonly controller: PanelController;
  readonly log: TestLog;
  /** Page errors and console errors. */
  readonly errors: string[];
  /** Resolves once every message posted so far has reached the page. */
  flush(): Promise<void>;
  /** Runs `fn`; whatever the controller posts meanwhile reaches the page in one task (a burst, as
   *  Play or a held key sends them). Resolves once it has. */
  burst(fn: () => void): Promise<void>;
}

/** The session of a panel that ctx.open() saw paint a step: it has a run. */
export type RunningSession = FakeSession & { readonly trace: Trace };

export interface OpenedPanel extends Panel {
  readonly session: RunningSession;
}

/** What every test of the suite receives (run.mjs). */
export interface Ctx {
  readonly host: HostBundle;
  readonly browser: Browser;
  readonly origin: string;
  readonly screenshots: string;
  example(name: string): string;
  charModel(cell: 'rnn' | 'lstm' | 'gru', H: number, V: number, T: number, seed?: number): string;
  readonly pages: Page[];
  open(text: string, options?: PanelOptions & { uri?: string }): Promise<OpenedPanel>;
}

declare global {
  /** What the harness's init script (INIT in harness.mjs) and the tests put on the panel's page. */
  interface Window {
    /** What the page posted to the host: the stepper's messages, or the document panel's. */
    __posted: (WebviewMessage | DocumentWebviewMessage | DynamicsWebviewMessage)[];
    /** The document page's saved state (document.test.mjs). */
    __state: unknown;
    /** axe-core, once a11y.test.mjs has loaded it into the page. */
    axe: typeof import('axe-core');
    __cspViolations: string[];
    __savedState: unknown;
    __deliver(json: string): void;
    __hostReceive(json: string): void;
    __applyTheme(theme: Theme): void;
    acquireVsCodeApi(): {
      postMessage(message: WebviewMessage | DocumentWebviewMessage): void;
      getState(): unknown;
      setState(state: unknown): void;
    };
    /** Set by tests that plant or mark things on the page. */
    [probe: `__${string}`]: unknown;
  }
}
