/**
 * The launcher's config as seen from inside the extension host, and screenshot requests.
 * The config path comes from an environment variable set on VS Code's process; should that not
 * reach the extension host, the file next to the workspace folder is read instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_ENV, CONFIG_FILE_NAME, type E2eConfig, type ScreenshotRequest } from '../fixture';

let loaded: { config: E2eConfig | undefined; fromEnv: boolean } | undefined;

/** undefined config: started by hand, with nobody to report to (results go to the console only). */
export function loadConfig(): { config: E2eConfig | undefined; fromEnv: boolean } {
  if (loaded) return loaded;
  const fromEnv = process.env[CONFIG_ENV];
  const folder = vscode.workspace.workspaceFolders?.[0];
  const beside = folder ? path.join(path.dirname(folder.uri.fsPath), CONFIG_FILE_NAME) : undefined;
  const file = fromEnv && fs.existsSync(fromEnv) ? fromEnv : beside && fs.existsSync(beside) ? beside : undefined;
  const config = file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as E2eConfig) : undefined;
  loaded = { config, fromEnv: !!fromEnv };
  return loaded;
}

/**
 * Asks the launcher for a screenshot of the page and waits until it is taken. A no-op when no
 * launcher watches (test-electron has no browser page to take).
 */
export async function screenshot(name: string, waitFor?: string, timeoutMs = 30_000, click?: string): Promise<void> {
  const { config } = loadConfig();
  if (!config?.screenshots) return;
  const request = path.join(config.artifactsDir, `${name}.request`);
  const done = path.join(config.artifactsDir, `${name}.done`);
  fs.rmSync(done, { force: true });
  const body: ScreenshotRequest = { name, waitFor, ...(click ? { click } : {}) };
  fs.writeFileSync(`${request}.tmp`, JSON.stringify(body));
  fs.renameSync(`${request}.tmp`, request);
  // The launcher polls the folder; there is no event to wait on across processes.
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(done)) {
    if (Date.now() > deadline) throw new Error(`screenshot '${name}': the launcher did not answer within ${timeoutMs / 1000} s (no ${done})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const answer = fs.readFileSync(done, 'utf8').trim();
  fs.rmSync(done, { force: true });
  if (answer !== 'ok') throw new Error(`screenshot '${name}' failed: ${answer}`);
}
