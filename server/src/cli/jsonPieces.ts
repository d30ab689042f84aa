/**
 * A JSON report written piece by piece, byte for byte as JSON.stringify(report, null, 2) writes it
 * whole: the report is stringified with a marker in place of each long array, cut at the markers,
 * and the arrays' items are stringified one at a time at their depth. String values hold no raw
 * newline (JSON escapes it), so indenting an item's text line by line nests it as stringify does.
 */
import { jsonForTerminal } from '../core/fsNames';

/** A value that stands for an array in the frame (NUL cannot occur in a path or a message from the engines). */
export const marker = (name: string): string => `\u0000certsd:${name}\u0000`;

/** The frame's text cut at each marker, in order: n markers give n + 1 pieces, and each array's indentation. */
export function cutFrame(frame: unknown, names: string[]): { pieces: string[]; indents: string[] } {
  let rest = JSON.stringify(frame, null, 2);
  const pieces: string[] = [];
  const indents: string[] = [];
  for (const name of names) {
    const at = rest.indexOf(JSON.stringify(marker(name)));
    if (at < 0) throw new Error(`marker ${name} not in the frame`);
    const before = rest.slice(0, at);
    indents.push(/^ */.exec(before.slice(before.lastIndexOf('\n') + 1))![0]);
    pieces.push(jsonForTerminal(before));
    rest = rest.slice(at + JSON.stringify(marker(name)).length);
  }
  pieces.push(jsonForTerminal(rest));
  return { pieces, indents };
}

/** One array of the report, its items written as they come. `indent`: the indentation of the line the array starts on. */
export class JsonArrayWriter {
  private count = 0;
  constructor(private readonly indent: string) {}

  item(value: unknown): string {
    const inner = this.indent + '  ';
    const text = jsonForTerminal(JSON.stringify(value, null, 2).replace(/\n/g, '\n' + inner));
    return (this.count++ === 0 ? '[\n' : ',\n') + inner + text;
  }

  close(): string {
    return this.count === 0 ? '[]' : '\n' + this.indent + ']';
  }
}
