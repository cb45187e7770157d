// Build-time constants esbuild defines (esbuild.mjs `define`): __WEB__ is true in the web
// extension bundle, false in the Node one, so each bundle drops the other's branch.
declare const __WEB__: boolean;
