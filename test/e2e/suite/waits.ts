/**
 * Waiting on the editor's events rather than sleeping, and reading diagnostics by path: URIs of
 * folders such as `reg.example.com:5000` come back percent-encoded, so URI strings don't compare.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/**
 * A diagnostic's one-sentence message and its related information (the engine's error and the
 * fix), as the Problems panel shows them one under the other.
 */
export function wholeMessage(d: vscode.Diagnostic): string {
  return [d.message, ...(d.relatedInformation ?? []).map((r) => r.message)].join('\n');
}

/** Diagnostics of every file whose path is under `dir` (or is `dir`), by path. */
export function diagnosticsUnder(dir: string): [string, vscode.Diagnostic[]][] {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  return vscode.languages
    .getDiagnostics()
    .filter(([uri]) => uri.fsPath === dir || uri.fsPath.startsWith(prefix))
    .map(([uri, ds]) => [uri.fsPath, ds]);
}

export function diagnosticsOf(file: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics()
    .filter(([uri]) => uri.fsPath === file)
    .flatMap(([, ds]) => ds);
}

/** Every diagnostic in the window, one line each, for failure messages. */
export function describeDiagnostics(): string {
  const lines = vscode.languages
    .getDiagnostics()
    .flatMap(([uri, ds]) => ds.map((d) => `  ${uri.fsPath}:${d.range.start.line + 1} [${d.source ?? '-'} ${codeOf(d) ?? '-'}] ${d.message}`));
  return lines.length ? lines.join('\n') : '  (none)';
}

/**
 * Resolves with `check()`'s first defined result, checked now and at each diagnostics change;
 * rejects after `timeoutMs` with `what` and every diagnostic in the window.
 */
export function untilDiagnostics<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const first = check();
    if (first !== undefined) return resolve(first);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; diagnostics now:\n${describeDiagnostics()}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const r = check();
      if (r === undefined) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

/** The first diagnostic with `code` on `file`, once there. */
export function diagnosticWithCode(file: string, code: string, timeoutMs?: number): Promise<vscode.Diagnostic> {
  return untilDiagnostics(`a ${code} diagnostic on ${file}`, () => diagnosticsOf(file).find((d) => codeOf(d) === code), timeoutMs);
}

/** Resolves once no file under `dir` has a diagnostic with `code`. */
export function noDiagnosticUnder(dir: string, code: string, timeoutMs?: number): Promise<true> {
  return untilDiagnostics(
    `the ${code} diagnostics under ${dir} to go away`,
    () => (diagnosticsUnder(dir).some(([, ds]) => ds.some((d) => codeOf(d) === code)) ? undefined : true),
    timeoutMs,
  );
}
