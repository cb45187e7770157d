// PLACEHOLDER (being written): the webview panel.
export {};
