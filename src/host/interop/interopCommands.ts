// "RNN: Import PyTorch Weights…", "RNN: Export as NumPy Script" and "RNN: Export as PyTorch Script":
// the CLI's `import` and `export` (src/cli/importCommand.ts, exportCommand.ts) in the editor, over
// the same engine code (src/engine/interop/). Files are read through vscode.workspace.fs, so this
// works in the web extension host too. The import writes into the active `.rnn.json` (the template)
// as one undoable edit, or opens the result as a new untitled model; an export opens a new untitled
// `.py` beside the model. Nothing on disk is ever overwritten. Reading a state_dict and writing every
// number of a model as text takes seconds for a large one, so both happen in the dynamics worker
// (host/dynamics/dynamicsRunner.ts), with a progress notification, never on the host's thread.

import * as vscode from 'vscode';
import type { Activation, Model } from '../../engine/model';
import { ImportError, MAX_WEIGHTS_BYTES } from '../../engine/interop/stateDict';
import type { DynamicsRequest, DynamicsResult } from '../dynamics/dynamicsJobs';
import { runDynamics } from '../dynamics/dynamicsRunner';
import type { Logger } from '../log';
import { parseModel } from '../../engine/parse/parse';
import { hasErrors } from '../../engine/parse/problems';
import { byteSize } from '../../engine/parse/wording';
import { openUntitled } from '../commands/templates';
import { modelDocumentOf } from '../session/commandTarget';

/** Where the import's result goes: into the template document, or a new untitled model. */
type Destination = 'document' | 'new';

/** Options a caller (a test, another command) may pass to skip the dialogs. */
interface ImportCommandOptions {
  readonly template?: vscode.Uri;
  readonly into?: Destination;
  readonly activation?: Activation;
}

/** A command argument is untrusted: only the options this command knows, with valid values. */
function importOptions(value: unknown): ImportCommandOptions {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    ...(v.template instanceof vscode.Uri ? { template: v.template } : {}),
    ...(v.into === 'document' || v.into === 'new' ? { into: v.into } : {}),
    ...(v.activation === 'tanh' || v.activation === 'relu' ? { activation: v.activation } : {}),
  };
}

function baseOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function dirOf(uri: vscode.Uri): string {
  return uri.path.slice(0, uri.path.lastIndexOf('/'));
}

function fail(message: string): undefined {
  void vscode.window.showErrorMessage(`RNN: ${message}`);
  return undefined;
}

/** The document's model, or a message saying why it has none. */
function modelOf(doc: vscode.TextDocument): Model | string {
  const parsed = parseModel(doc.getText(), { fileName: doc.uri.path });
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (parsed.model && !hasErrors(parsed.problems)) return parsed.model;
  const first = errors[0];
  return `${baseOf(doc.uri)} has ${errors.length} problem${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first${first ? ` (line ${first.line}: ${first.message})` : ''}`;
}

async function pickFile(title: string, filters: Record<string, string[]>): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, openLabel: 'Import', filters });
  return picked?.[0];
}

async function readBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > MAX_WEIGHTS_BYTES)
    throw new ImportError(
      `the file is ${byteSize(size)}, more than the ${byteSize(MAX_WEIGHTS_BYTES)} a model can take`,
    );
  return vscode.workspace.fs.readFile(uri);
}

/** What the interop commands need to reach the dynamics worker. */
interface WorkerContext {
  readonly extensionUri: vscode.Uri;
  readonly log: Logger;
}

/** Runs `request` in the dynamics worker: its result of kind `T`, or a sentence on why not. */
async function inWorker<T extends DynamicsResult['type']>(
  ctx: WorkerContext,
  request: DynamicsRequest & { type: T },
  title: string,
): Promise<(DynamicsResult & { type: T }) | { readonly failed: string }> {
  const outcome = await runDynamics(ctx.extensionUri, request, title, ctx.log);
  if (outcome.kind === 'cancelled') return { failed: 'cancelled' };
  if (outcome.kind === 'failed') return { failed: outcome.message };
  if (outcome.result.type !== request.type) return { failed: `the worker answered ${outcome.result.type}` };
  return outcome.result as DynamicsResult & { type: T };
}

export async function importPyTorchWeights(
  ctx: WorkerContext,
  arg: unknown,
  options: ImportCommandOptions = {},
): Promise<vscode.TextDocument | undefined> {
  const weights =
    arg instanceof vscode.Uri
      ? arg
      : await pickFile('RNN: Import PyTorch Weights — a state_dict saved as JSON or safetensors', {
          'PyTorch state_dict': ['safetensors', 'json'],
          'All files': ['*'],
        });
  if (!weights) return undefined;
  let template = options.template
    ? await vscode.workspace.openTextDocument(options.template)
    : await modelDocumentOf(undefined);
  let into = options.into;
  if (!template) {
    const uri = await pickFile('RNN: Import PyTorch Weights — the .rnn.json whose sequence and targets to use', {
      'RNN model': ['json'],
    });
    if (!uri) return undefined;
    template = await vscode.workspace.openTextDocument(uri);
    into = 'new';
  }
  if (!into) {
    const pick = await vscode.window.showQuickPick(
      [
        {
          label: `Replace the model in ${baseOf(template.uri)}`,
          description: 'one edit; Ctrl+Z undoes it',
          into: 'document' as const,
        },
        {
          label: 'Open the imported model as a new file',
          description: `${baseOf(template.uri)} stays as it is`,
          into: 'new' as const,
        },
      ],
      {
        title: `RNN: Import ${baseOf(weights)}`,
        placeHolder: 'The sequence, targets, loss and training settings come from the template',
      },
    );
    if (!pick) return undefined;
    into = pick.into;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(weights);
  } catch (e) {
    if (e instanceof ImportError || e instanceof vscode.FileSystemError)
      return fail(`Import PyTorch Weights: ${baseOf(weights)}: ${e.message}`);
    throw e;
  }
  const model = modelOf(template);
  if (typeof model === 'string') return fail(`Import PyTorch Weights: the template ${model}.`);
  const version = template.version;
  const result = await inWorker(
    ctx,
    {
      type: 'import',
      text: template.getText(),
      model,
      bytes,
      fileName: weights.path,
      ...(options.activation ? { activation: options.activation } : {}),
    },
    `RNN: importing ${baseOf(weights)}`,
  );
  if ('failed' in result) {
    if (result.failed === 'cancelled') return undefined;
    return fail(`Import PyTorch Weights: ${baseOf(weights)}: ${result.failed}`);
  }
  let doc: vscode.TextDocument;
  if (into === 'document') {
    if (template.version !== version)
      return fail('Import PyTorch Weights: the template changed while the weights were read; try again.');
    if (!(await replaceAll(template, result.text))) return fail('Import PyTorch Weights: VS Code refused the edit.');
    doc = template;
  } else {
    const name = `${baseOf(weights).replace(/\.(safetensors|json)$/i, '')}.rnn.json`;
    doc = await openUntitled(dirOf(template.uri), name, result.text);
  }
  await vscode.window.showTextDocument(doc, { preview: false });
  const m = result.summary;
  const summary = `RNN: imported ${baseOf(weights)}: ${m.cell}, hidden ${m.hidden}, input ${m.input}, output ${m.output}.`;
  void vscode.window.showInformationMessage(
    [summary, ...result.notes.map((n) => `${n[0].toUpperCase()}${n.slice(1)}.`)].join(' '),
  );
  return doc;
}

/** The whole text replaced as one undo step; through the editor when it is visible, which refuses
 *  the edit if the person typed meanwhile (see src/host/commands/writeParams.ts for why). */
async function replaceAll(doc: vscode.TextDocument, text: string): Promise<boolean> {
  const range = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  if (editor) return editor.edit((b) => b.replace(range, text));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, text);
  return vscode.workspace.applyEdit(edit);
}

export async function exportScript(
  ctx: WorkerContext,
  kind: 'numpy' | 'pytorch',
  arg: unknown,
): Promise<vscode.TextDocument | undefined> {
  const what = kind === 'numpy' ? 'Export as NumPy Script' : 'Export as PyTorch Script';
  const source = await modelDocumentOf(arg);
  if (!source) return fail(`${what}: open a .rnn.json model first.`);
  const model = modelOf(source);
  if (typeof model === 'string') return fail(`${what}: ${model}.`);
  const written = await inWorker(ctx, { type: 'script', kind, model }, `RNN: ${what}`);
  if ('failed' in written) return written.failed === 'cancelled' ? undefined : fail(`${what}: ${written.failed}`);
  const script = written.script;
  const name = `${baseOf(source.uri).replace(/\.rnn\.json$/, '') || 'model'}.${kind}.py`;
  const doc = await openUntitled(dirOf(source.uri), name, script);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  return doc;
}

export function registerInterop(context: vscode.ExtensionContext, log: Logger): void {
  const ctx: WorkerContext = { extensionUri: context.extensionUri, log };
  const guarded =
    <A extends unknown[]>(what: string, run: (...args: A) => Promise<vscode.TextDocument | undefined>) =>
    async (...args: A) => {
      try {
        return await run(...args);
      } catch (e) {
        return fail(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  context.subscriptions.push(
    // Arguments (the weights URI, then {template, into, activation}) let tests skip the dialogs.
    vscode.commands.registerCommand(
      'rnn.importWeights',
      guarded('Import PyTorch Weights', (arg?: unknown, options?: unknown) =>
        importPyTorchWeights(ctx, arg, importOptions(options)),
      ),
    ),
    vscode.commands.registerCommand(
      'rnn.exportNumpy',
      guarded('Export as NumPy Script', (arg?: unknown) => exportScript(ctx, 'numpy', arg)),
    ),
    vscode.commands.registerCommand(
      'rnn.exportPytorch',
      guarded('Export as PyTorch Script', (arg?: unknown) => exportScript(ctx, 'pytorch', arg)),
    ),
  );
}
