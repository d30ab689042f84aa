/** File paths <-> LSP URIs, encoded the way VS Code does (a `:` in a folder name becomes %3A). */
import { URI } from 'vscode-uri';

export function toUri(path: string): string {
  return URI.file(path).toString();
}

export function toPath(uri: string): string {
  return URI.parse(uri).fsPath;
}

export function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : folder + '/');
}
