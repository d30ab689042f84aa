/**
 * The messages the sources translate, read with the TypeScript parser: every `t('...')` of a file
 * that imports core/l10n's t (server, core, CLI) and every `vscode.l10n.t('...')` / `l10n.t('...')`
 * (client). The bundles are checked against this list, so a message added without its translation
 * fails a test. A message must be a literal, a `cond ? 'a' : 'b'` of literals, or a top-level
 * `const NAME = '...'` of the scanned files (protocol.ts shares a few between client and server).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export const REPO = path.resolve(__dirname, '..', '..');

export interface ScannedKeys {
  keys: Map<string, string[]>; // message -> where (file:line)
  problems: string[];
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** `const NAME = 'text'` at the top level of a file. */
function stringConsts(sources: ts.SourceFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const sf of sources) {
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && (ts.isStringLiteral(d.initializer) || ts.isNoSubstitutionTemplateLiteral(d.initializer))) out.set(d.name.text, d.initializer.text);
      }
    }
  }
  return out;
}

/** The local name of core/l10n's t in this file (`t`, or `tr` after `import { t as tr }`), if it imports it. */
function coreTName(sf: ts.SourceFile): string | undefined {
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !/(^|\/)l10n$/.test(s.moduleSpecifier.text)) continue;
    const bindings = s.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const e = bindings.elements.find((x) => (x.propertyName ?? x.name).text === 't');
    if (e) return e.name.text;
  }
  return undefined;
}

function isTranslateCall(call: ts.CallExpression, coreT: string | undefined): boolean {
  const c = call.expression;
  if (coreT && ts.isIdentifier(c) && c.text === coreT) return true;
  // vscode.l10n.t(...) or l10n.t(...)
  return ts.isPropertyAccessExpression(c) && c.name.text === 't' && ((ts.isIdentifier(c.expression) && c.expression.text === 'l10n') || (ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'l10n'));
}

function messagesOf(e: ts.Expression, consts: Map<string, string>): string[] | undefined {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isParenthesizedExpression(e)) return messagesOf(e.expression, consts);
  if (ts.isConditionalExpression(e)) {
    const a = messagesOf(e.whenTrue, consts);
    const b = messagesOf(e.whenFalse, consts);
    return a && b ? [...a, ...b] : undefined;
  }
  if (ts.isIdentifier(e) && consts.has(e.text)) return [consts.get(e.text)!];
  return undefined;
}

/** The messages of the .ts files under `dirs` (relative to the repository); `extra` files only lend their constants. */
export function scanKeys(dirs: string[], extra: string[] = []): ScannedKeys {
  const sources = dirs.flatMap((d) => tsFiles(path.join(REPO, d))).map(parse);
  const consts = stringConsts([...sources, ...extra.map((f) => parse(path.join(REPO, f)))]);
  const keys = new Map<string, string[]>();
  const problems: string[] = [];
  for (const sf of sources) {
    // The helper itself passes its caller's message on.
    if (path.relative(REPO, sf.fileName) === path.join('server', 'src', 'core', 'l10n.ts')) continue;
    const coreT = coreTName(sf);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && isTranslateCall(n, coreT)) {
        const where = `${path.relative(REPO, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
        const first = n.arguments[0];
        const messages = first && messagesOf(first, consts);
        if (!messages) problems.push(`${where}: the message is not a literal the bundle check can read`);
        for (const m of messages ?? []) keys.set(m, [...(keys.get(m) ?? []), where]);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { keys, problems };
}

/** `{0}`, `{1}`, ... in a message, sorted: a translation must keep every one of them. */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\d+)\}/g)].map((m) => m[0]))].sort();
}

/** Every translated message: the server's, the core's and the CLI's, then the client's (one shared bundle). */
export function allKeys(): ScannedKeys {
  const server = scanKeys(['server/src']);
  const client = scanKeys(['client/src'], ['server/src/protocol.ts']);
  const keys = new Map(server.keys);
  for (const [k, w] of client.keys) keys.set(k, [...(keys.get(k) ?? []), ...w]);
  return { keys, problems: [...server.problems, ...client.problems] };
}
