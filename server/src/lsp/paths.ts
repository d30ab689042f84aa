/** File paths <-> LSP URIs, encoded the way VS Code does (a `:` in a folder name becomes %3A). */
import { isUtf8 } from 'node:buffer';
import * as nodePath from 'node:path';
import { URI } from 'vscode-uri';
import { hasRawBytes, nameFromBytes, uriSegment } from '../core/fsNames';

export function toUri(path: string): string {
  // A name that is not UTF-8 (kept as raw bytes, core/fsNames.ts): its bytes percent-encoded (vscode-uri would throw).
  if (hasRawBytes(path) && nodePath.sep === '/') return 'file://' + path.split('/').map(uriSegment).join('/');
  return URI.file(path).toString();
}

export function toPath(uri: string): string {
  // The way back for toUri's percent-encoded bytes: vscode-uri decodes a run that is not UTF-8
  // only in part (`%FF` stays as written, and spoils the runs around it), so such a path is decoded
  // as bytes and kept as raw bytes again (core/fsNames.ts).
  const local = nodePath.sep === '/' ? /^file:\/\/([^/?#]*)([^?#]*)$/i.exec(uri) : null;
  if (local && local[1] === '' && /%[89a-f][0-9a-f]/i.test(local[2])) {
    const bytes = percentDecode(local[2]);
    if (!isUtf8(bytes)) return nameFromBytes(bytes);
  }
  return URI.parse(uri).fsPath;
}

/** A URI path's bytes: each %XX is the byte XX, everything else its UTF-8. */
function percentDecode(s: string): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '%' && /^[0-9a-f]{2}$/i.test(s.slice(i + 1, i + 3))) {
      parts.push(Buffer.of(parseInt(s.slice(i + 1, i + 3), 16)));
      i += 3;
    } else {
      const ch = String.fromCodePoint(s.codePointAt(i)!);
      parts.push(Buffer.from(ch, 'utf8'));
      i += ch.length;
    }
  }
  return Buffer.concat(parts);
}

/** Is a path the folder itself or inside it? One test for the core and the server (core/roots.ts). */
export { isUnder } from '../core/roots';
