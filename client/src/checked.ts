/**
 * The server's `certsd/checked` and `certsd/checking` notifications as VS Code events. The language
 * client keeps one handler per method, so every part of the extension that follows the checks listens here.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { CheckedParams, CheckingParams, Notifications } from '../../server/out/protocol';

const emitter = new vscode.EventEmitter<CheckedParams>();
const checkingEmitter = new vscode.EventEmitter<CheckingParams>();
let attached: LanguageClient | undefined;

export const onChecked = emitter.event;
/** A full check starts; onChecked follows. */
export const onChecking = checkingEmitter.event;

/** Call once per client, before or after it starts. */
export function forwardChecked(client: LanguageClient): vscode.Disposable {
  if (attached === client) return new vscode.Disposable(() => undefined);
  attached = client;
  return vscode.Disposable.from(
    client.onNotification(Notifications.checked, (p: CheckedParams) => emitter.fire(p)),
    client.onNotification(Notifications.checking, (p: CheckingParams) => checkingEmitter.fire(p)),
  );
}
