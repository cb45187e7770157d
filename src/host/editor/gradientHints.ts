// "RNN: Toggle Gradient Hints": each weight's gradient written after the number, coloured by its
// sign (red positive, blue negative: the diverging pair of the theme's chart colours) and by its
// size relative to the largest gradient (faint, normal, bold).
//
// Why decorations and not inlay hints: InlayHint labels cannot be coloured (they take the theme's
// inlay-hint colour), and the colour is the point — a glance shows where the gradient is large.
// A decoration's `after` text takes a ThemeColor, so light, dark and high-contrast themes all work.
// The state is the setting `rnnStepper.gradientHints` (persisted, visible in Settings); the context
// key `rnn.gradientHints` mirrors it for the editor title's show/hide buttons.

import * as vscode from 'vscode';
import { hasErrors } from '../../engine/parse/problems';
import { gradientHints, type HintMagnitude, type HintSign } from './hintLabels';
import { isModelDocument } from '../session/modelDocument';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/sessionManager';
import type { PracticeModes } from '../practice/practiceModes';

export const HINTS_SETTING = 'gradientHints';
const SECTION = 'rnnStepper';
export const HINTS_CONTEXT_KEY = 'rnn.gradientHints';

const COLOR: Record<HintSign, string> = {
  positive: 'charts.red',
  negative: 'charts.blue',
  zero: 'descriptionForeground',
};

function decorationType(sign: HintSign, magnitude: HintMagnitude): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    after: {
      color: new vscode.ThemeColor(COLOR[sign]),
      margin: '0 0 0 0.35em',
      fontWeight: magnitude === 'strong' ? 'bold' : 'normal',
      // The decoration API has no opacity; VS Code applies textDecoration as CSS, a common way to dim.
      textDecoration: magnitude === 'faint' ? 'none; opacity: 0.55' : 'none',
    },
  });
}

export function hintsEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>(HINTS_SETTING, false);
}

export function registerGradientHints(
  context: vscode.ExtensionContext,
  sessions: SessionManager,
  practice: PracticeModes,
): void {
  const types = new Map<string, vscode.TextEditorDecorationType>();
  const typeFor = (sign: HintSign, magnitude: HintMagnitude) => {
    const key = `${sign}:${magnitude}`;
    let t = types.get(key);
    if (!t) types.set(key, (t = decorationType(sign, magnitude)));
    return t;
  };

  const paint = (editor: vscode.TextEditor) => {
    if (!isModelDocument(editor.document)) return;
    const buckets = new Map<vscode.TextEditorDecorationType, vscode.DecorationOptions[]>();
    for (const t of types.values()) buckets.set(t, []);
    const session = sessions.get(editor.document.uri);
    // Only numbers of the current, valid text: after an error the hints go rather than lie.
    // Not while the model is practised by hand (RNN: Practice): a gradient's sign is half an answer.
    const practising = practice.isOn(editor.document.uri.toString());
    if (hintsEnabled() && !practising && session?.fileTrace && !session.stale && !hasErrors(session.problems)) {
      for (const h of gradientHints(session.fileTrace, session.parse.root)) {
        const pos = editor.document.positionAt(h.offset);
        const type = typeFor(h.sign, h.magnitude);
        if (!buckets.has(type)) buckets.set(type, []);
        buckets
          .get(type)!
          .push({ range: new vscode.Range(pos, pos), renderOptions: { after: { contentText: h.label } } });
      }
    }
    for (const [type, options] of buckets) editor.setDecorations(type, options);
  };
  const paintSession = (session: Session) => {
    for (const e of vscode.window.visibleTextEditors) if (e.document === session.document) paint(e);
  };
  const paintAll = () => {
    void vscode.commands.executeCommand('setContext', HINTS_CONTEXT_KEY, hintsEnabled());
    for (const e of vscode.window.visibleTextEditors) paint(e);
  };

  context.subscriptions.push(
    { dispose: () => types.forEach((t) => t.dispose()) },
    vscode.commands.registerCommand('rnn.toggleGradientHints', () => setHints(!hintsEnabled())),
    vscode.commands.registerCommand('rnn.showGradientHints', () => setHints(true)),
    vscode.commands.registerCommand('rnn.hideGradientHints', () => setHints(false)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${HINTS_SETTING}`)) paintAll();
    }),
    vscode.window.onDidChangeVisibleTextEditors(() => paintAll()),
    sessions.onDidRun(paintSession),
    sessions.onDidChangeProblems(paintSession),
    practice.onDidChange(() => paintAll()),
  );
  paintAll();
}

async function setHints(on: boolean): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(HINTS_SETTING, on, vscode.ConfigurationTarget.Global);
}
