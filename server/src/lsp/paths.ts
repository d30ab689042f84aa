/** File paths <-> LSP URIs, encoded the way VS Code does (a `:` in a folder name becomes %3A). */
import * as nodePath from 'node:path';
import { URI } from 'vscode-uri';
import { hasRawBytes, uriSegment } from '../core/fsNames';

export function toUri(path: string): string {
  // A name that is not UTF-8 (kept as raw bytes, core/fsNames.ts): its bytes percent-encoded (vscode-uri would throw).
  if (hasRawBytes(path) && nodePath.sep === '/') return 'file://' + path.split('/').map(uriSegment).join('/');
  return URI.file(path).toString();
}

export function toPath(uri: string): string {
  return URI.parse(uri).fsPath;
}

/** Is a path the folder itself or inside it? One test for the core and the server (core/roots.ts). */
export { isUnder } from '../core/roots';
