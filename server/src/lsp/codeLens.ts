/** Code lenses at the top of each file: the engine's verdict for its folder, and generate actions. */
import * as path from 'node:path';
import { CodeLens } from 'vscode-languageserver';
import { ZERO_RANGE } from '../core/findings';
import { hostVerdict } from '../core/verdict';
import { Commands, GenerateCertificateForKeyParams, GenerateClientPairParams } from '../protocol';
import { CertsdWorkspace } from './workspace';

const TOP = ZERO_RANGE;

export function codeLenses(ws: CertsdWorkspace, filePath: string): CodeLens[] {
  const where = ws.hostOf(filePath);
  if (!where || path.dirname(filePath) !== where.host.dir.path) return [];
  const { host } = where;
  // A lens without a command id is shown as text (the verdict is information, not an action).
  const lenses: CodeLens[] = [{ range: TOP, command: { title: hostVerdict(host.report), command: '' } }];
  if (host.report.load.hostsToml) return lenses;
  const names = new Set(host.dir.entries.map((e) => e.name));
  const certs = host.dir.entries.filter((e) => e.name.endsWith('.cert'));
  const lacksPair = certs.length === 0 || certs.some((e) => !names.has(e.name.slice(0, -'.cert'.length) + '.key'));
  if (lacksPair) {
    const args: Partial<GenerateClientPairParams> = { hostPath: host.dir.path };
    lenses.push({ range: TOP, command: { title: 'Generate client key and certificate', command: Commands.generateClientPair, arguments: [args] } });
  }
  const name = path.basename(filePath);
  if (name.endsWith('.key') && !names.has(name.slice(0, -'.key'.length) + '.cert')) {
    const args: Partial<GenerateCertificateForKeyParams> = { keyPath: filePath };
    lenses.push({ range: TOP, command: { title: 'Generate certificate for this key', command: Commands.generateCertificateForKey, arguments: [args] } });
  }
  return lenses;
}
