/**
 * Where the cursor stands in a hosts.toml that is being typed, so most likely not valid TOML yet:
 * a small scanner that knows tables, keys, strings, arrays and inline tables, and nothing else.
 */

export type CursorContext =
  /** At a key (maybe half typed, from `start`), in table `table` (`[]` at the top). */
  | { kind: 'key'; table: string[]; start: number }
  /** Inside `[...]`, from `start` (just after the bracket). */
  | { kind: 'header'; start: number }
  /** Inside a string value of `key` (full path), from `start` (just after the quote); `indices`: the element index at each array depth. */
  | { kind: 'string'; table: string[]; key: string[]; start: number; indices: number[]; siblings: string[] }
  /** Where a value goes, outside any string (`ca = |`, `capabilities = ["pull", |`). */
  | { kind: 'value'; table: string[]; key: string[]; indices: number[]; siblings: string[] }
  | { kind: 'none' };

interface Frame {
  kind: 'array' | 'inline';
  index: number;
  /** inline: the key path the table is the value of. */
  prefix: string[];
  /** array: the strings it holds so far. */
  strings: string[];
}

export interface ScanResult {
  context: CursorContext;
  /** The keys each table defines (first part, lower-cased), by table path joined with NUL. */
  keys: Map<string, Set<string>>;
}

const BARE = /[A-Za-z0-9_-]/;

/** The end of the string starting at `i` (the index of its closing quote), or -1 when it does not close. */
function stringEnd(text: string, i: number): { contentStart: number; end: number; value: string } {
  const q = text[i];
  const triple = text.startsWith(q.repeat(3), i);
  const contentStart = i + (triple ? 3 : 1);
  if (triple) {
    const end = text.indexOf(q.repeat(3), contentStart);
    return { contentStart, end, value: end < 0 ? text.slice(contentStart) : text.slice(contentStart, end) };
  }
  for (let j = contentStart; j < text.length; j++) {
    if (text[j] === '\n') break;
    if (q === '"' && text[j] === '\\') j++;
    else if (text[j] === q) return { contentStart, end: j, value: text.slice(contentStart, j) };
  }
  return { contentStart, end: -1, value: '' };
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** `host."https://m".header` -> ['host', 'https://m', 'header']. */
function headerParts(s: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      const close = s.indexOf(ch, i + 1);
      parts.push(s.slice(i + 1, close < 0 ? s.length : close));
      i = close < 0 ? s.length : close + 1;
    } else if (BARE.test(ch)) {
      let j = i;
      while (j < s.length && BARE.test(s[j])) j++;
      parts.push(s.slice(i, j));
      i = j;
    } else i++;
  }
  return parts;
}

/** Scans the whole text; the context is taken where the scan crosses `offset`. */
export function scanToml(text: string, offset: number): ScanResult {
  const keys = new Map<string, Set<string>>();
  let table: string[] = [];
  let mode: 'key' | 'value' = 'key';
  let keyParts: string[] = [];
  let assigning: string[] = [];
  /** The value of the current key = value is complete (only a comment or a newline may follow). */
  let done = false;
  const stack: Frame[] = [];
  let context: CursorContext | undefined;
  const top = () => stack[stack.length - 1];
  const indices = () => stack.filter((f) => f.kind === 'array').map((f) => f.index);
  const siblings = () => (top()?.kind === 'array' ? [...top().strings] : []);
  const inlinePrefix = () => [...stack].reverse().find((f) => f.kind === 'inline')?.prefix ?? [];
  const noteKey = (k: string) => {
    const id = table.join('\u0000');
    if (!keys.has(id)) keys.set(id, new Set());
    keys.get(id)!.add(k.toLowerCase());
  };
  // Where the cursor is when no token holds it.
  const between = (): CursorContext =>
    mode === 'key'
      ? keyParts.length === 0 && !stack.some((f) => f.kind === 'array')
        ? { kind: 'key', table: [...table, ...inlinePrefix()], start: offset }
        : { kind: 'none' }
      : done && stack.length === 0
        ? { kind: 'none' }
        : { kind: 'value', table, key: assigning, indices: indices(), siblings: siblings() };

  let i = 0;
  while (i < text.length) {
    if (context === undefined && i >= offset) context = between();
    const ch = text[i];
    if (ch === '#') {
      const end = lineEnd(text, i);
      if (context === undefined && offset > i && offset <= end) context = { kind: 'none' };
      i = end;
      continue;
    }
    if (ch === '\n') {
      if (stack.length === 0) {
        mode = 'key';
        keyParts = [];
      }
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (mode === 'key') {
      if (ch === '[' && stack.length === 0 && keyParts.length === 0) {
        const end = lineEnd(text, i);
        const close = text.indexOf(']', i);
        const closeAt = close < 0 || close > end ? end : close;
        const double = text[i + 1] === '[';
        if (context === undefined && offset > i && offset <= closeAt) context = { kind: 'header', start: i + (double ? 2 : 1) };
        table = double ? ['\u0000array'] : headerParts(text.slice(i + 1, closeAt));
        i = end;
        continue;
      }
      if (ch === '"' || ch === "'") {
        const s = stringEnd(text, i);
        const end = s.end < 0 ? lineEnd(text, i) : s.end;
        if (context === undefined && offset > i && offset <= end) context = { kind: 'none' };
        keyParts.push(s.value);
        // An unclosed one ends at its line: the newline is left to end the key too.
        i = s.end < 0 ? end : end + 1;
        continue;
      }
      if (BARE.test(ch)) {
        let j = i;
        while (j < text.length && BARE.test(text[j])) j++;
        if (context === undefined && offset > i && offset <= j && keyParts.length === 0 && !stack.some((f) => f.kind === 'array')) {
          context = { kind: 'key', table: [...table, ...inlinePrefix()], start: i };
        }
        keyParts.push(text.slice(i, j));
        i = j;
        continue;
      }
      if (ch === '=') {
        assigning = [...inlinePrefix(), ...keyParts];
        if (stack.length === 0 && keyParts.length > 0) noteKey(keyParts[0]);
        keyParts = [];
        mode = 'value';
        done = false;
      } else if (ch === '}' && top()?.kind === 'inline') {
        stack.pop();
        mode = 'value';
        done = stack.length === 0;
      }
      i++;
      continue;
    }
    // mode === 'value'
    if (ch === '"' || ch === "'") {
      const s = stringEnd(text, i);
      const end = s.end < 0 ? lineEnd(text, i) : s.end;
      if (context === undefined && offset >= s.contentStart && offset <= end) {
        context = { kind: 'string', table, key: assigning, start: s.contentStart, indices: indices(), siblings: siblings() };
      }
      if (top()?.kind === 'array') top().strings.push(s.value);
      done = stack.length === 0;
      i = s.end < 0 ? end : s.end + (text.startsWith(ch.repeat(3), i) ? 3 : 1);
      continue;
    }
    if (ch === '[') stack.push({ kind: 'array', index: 0, prefix: [], strings: [] });
    else if (ch === ']' && top()?.kind === 'array') {
      stack.pop();
      done = stack.length === 0;
    }
    else if (ch === '{') {
      stack.push({ kind: 'inline', index: 0, prefix: assigning, strings: [] });
      mode = 'key';
      keyParts = [];
    } else if (ch === '}' && top()?.kind === 'inline') {
      stack.pop();
      done = stack.length === 0;
    }
    else if (ch === ',') {
      if (top()?.kind === 'array') top().index++;
      else if (top()?.kind === 'inline') {
        mode = 'key';
        keyParts = [];
      }
    } else {
      // A number, a boolean, a date: up to the next delimiter.
      let j = i;
      while (j < text.length && !/[\s,\]}#]/.test(text[j])) j++;
      i = Math.max(j, i + 1);
      done = stack.length === 0;
      continue;
    }
    i++;
  }
  return { context: context ?? between(), keys };
}
