// The document panel: generated Markdown (the worked example, exercise sheets) typeset with the
// KaTeX the extension ships, in VS Code for the web as on desktop — the Markdown preview of the
// web workbench cannot load KaTeX's stylesheet, so its math would show twice. The page gets the
// document as a tree (markdownTree.ts) and builds it from text nodes and katex.render; "Save as
// Markdown…" writes the Markdown unchanged for other viewers, "Open Markdown Source" opens it as
// an untitled document. A serializer brings the panel back after a reload from the webview's state.

import * as vscode from 'vscode';
import {
  isDocumentState,
  isDocumentWebviewMessage,
  type DocumentHostMessage,
  type DocumentState,
} from '../../shared/documentProtocol';
import { panelHtml } from '../panel/panelHtml';
import { openUntitled } from '../commands/templates';
import { documentTitle, markdownTree } from './markdownTree';

export const DOCUMENT_VIEW_TYPE = 'rnn.document';

export interface ShownDocument {
  readonly panel: vscode.WebviewPanel;
  readonly markdown: string;
  /** Where "Save as Markdown…" proposes to write (a URI string). */
  readonly suggestedPath: string;
}

async function saveAs(doc: DocumentState): Promise<vscode.Uri | undefined> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.parse(doc.suggestedPath),
    filters: { Markdown: ['md'] },
    saveLabel: 'Save as Markdown',
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(doc.markdown));
  void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target)}.`);
  return target;
}

async function openSource(doc: DocumentState): Promise<vscode.TextDocument> {
  const suggested = vscode.Uri.parse(doc.suggestedPath);
  const slash = suggested.path.lastIndexOf('/');
  const md = await openUntitled(suggested.path.slice(0, slash), suggested.path.slice(slash + 1), doc.markdown);
  await vscode.window.showTextDocument(md, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  return md;
}

/** Fills `panel` with `doc` and answers its buttons. */
function attach(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, doc: DocumentState): void {
  const blocks = markdownTree(doc.markdown);
  const title = documentTitle(blocks, doc.title);
  panel.title = title;
  panel.webview.options = webviewOptions(extensionUri);
  const uri = (...p: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  panel.webview.html = panelHtml({
    cspSource: panel.webview.cspSource,
    title,
    scriptUri: uri('dist', 'webview', 'document.js'),
    styleUri: uri('media', 'document.css'),
    katexStyleUri: uri('media', 'katex', 'katex.min.css'),
  });
  const message: DocumentHostMessage = {
    type: 'show',
    view: { title, blocks },
    markdown: doc.markdown,
    suggestedPath: doc.suggestedPath,
  };
  panel.webview.onDidReceiveMessage((raw: unknown) => {
    if (!isDocumentWebviewMessage(raw)) return;
    const fail = (e: unknown) =>
      void vscode.window.showErrorMessage(`RNN: ${e instanceof Error ? e.message : String(e)}`);
    switch (raw.type) {
      case 'ready':
        void panel.webview.postMessage(message);
        break;
      case 'save':
        saveAs(doc).catch(fail);
        break;
      case 'openMarkdown':
        openSource(doc).catch(fail);
        break;
      default: {
        const never: never = raw;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  });
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableForms: false,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Opens a document panel beside the active editor. */
export function showDocument(extensionUri: vscode.Uri, doc: DocumentState): ShownDocument {
  const panel = vscode.window.createWebviewPanel(
    DOCUMENT_VIEW_TYPE,
    doc.title,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    { ...webviewOptions(extensionUri), retainContextWhenHidden: false, enableFindWidget: true },
  );
  attach(panel, extensionUri, doc);
  return { panel, markdown: doc.markdown, suggestedPath: doc.suggestedPath };
}

/** Restores document panels after a window reload, from the state their page saved. */
export function registerDocumentPanels(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(DOCUMENT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (isDocumentState(state)) attach(panel, context.extensionUri, state);
        else panel.dispose(); // nothing to show: an empty panel would only confuse
      },
    }),
  );
}
