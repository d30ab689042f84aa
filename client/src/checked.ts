/**
 * The server's `certsd/checked` notification as a VS Code event. The language client keeps one
 * handler per method, so every part of the extension that follows the checks listens here.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { CheckedParams, Notifications } from '../../server/out/protocol';

const emitter = new vscode.EventEmitter<CheckedParams>();
let attached: LanguageClient | undefined;

export const onChecked = emitter.event;

/** Call once per client, before or after it starts. */
export function forwardChecked(client: LanguageClient): vscode.Disposable {
  if (attached === client) return new vscode.Disposable(() => undefined);
  attached = client;
  return client.onNotification(Notifications.checked, (p: CheckedParams) => emitter.fire(p));
}
