/**
 * The folder VS Code opens in the e2e run: a certs.d tree with mistakes, made fresh at each run
 * (generated certificates never expire on us). Layout, under a new temp folder:
 *
 *   run/
 *     e2e.json          where the suite reports (see fixture.ts), next to the workspace
 *     workspace/        the folder VS Code opens
 *       certs.d/...     a Docker root (engine from the path: none, so Docker)
 *       containerd/certs.d/...   a containerd root, with a hosts.toml
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { certDer, clientCert, ecKey, pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { file, makeTree } from '../helpers/tree';
import { CommonNames, CONFIG_FILE_NAME, ContainerdHosts, Hosts, HOSTS_TOML, type E2eConfig } from './fixture';

export interface E2eWorkspace {
  /** The temp folder holding everything of this run. */
  runDir: string;
  /** The folder VS Code opens. */
  workspace: string;
  /** The config file next to the workspace. */
  configFile: string;
  resultsFile: string;
  remove(): void;
}

/** Writes the workspace and its config file; `config` gets `resultsFile` filled in. */
export async function buildWorkspace(config: Omit<E2eConfig, 'resultsFile'>): Promise<E2eWorkspace> {
  // EC keys: generated in milliseconds, where RSA 4096 would take seconds.
  const goodCa = await selfSignedCa({ commonName: CommonNames.goodCa, key: ecKey('P-256', 10) });
  const goodClient = await clientCert(goodCa, { commonName: CommonNames.goodClient, key: ecKey('P-256', 11) });
  const caAsCert = await selfSignedCa({ commonName: CommonNames.caAsCert, key: ecKey('P-256', 12) });
  const port443 = await selfSignedCa({ commonName: CommonNames.port443, key: ecKey('P-256', 13) });
  const der = await selfSignedCa({ commonName: CommonNames.der, key: ecKey('P-256', 14) });
  const noClientPair = await selfSignedCa({ commonName: CommonNames.noClientPair, key: ecKey('P-256', 15) });
  const undoFile = await selfSignedCa({ commonName: CommonNames.undoFile, key: ecKey('P-256', 18) });
  const undoFolder = await selfSignedCa({ commonName: CommonNames.undoFolder, key: ecKey('P-256', 19) });
  const tomlMirror = await selfSignedCa({ commonName: CommonNames.tomlMirror, key: ecKey('P-256', 16) });
  const tomlLoose = await selfSignedCa({ commonName: CommonNames.tomlLoose, key: ecKey('P-256', 17) });
  const serverKey = await selfSignedCa({ commonName: CommonNames.serverKey, key: ecKey('P-256', 20) });
  const derConvert = await selfSignedCa({ commonName: CommonNames.derConvert, key: ecKey('P-256', 21) });

  const tree = makeTree(
    {
      'certs.d': {
        [Hosts.good]: {
          'ca.crt': goodCa.pem,
          'client.cert': goodClient.pem,
          'client.key': file(pkcs8Pem(goodClient.key), 0o600),
        },
        [Hosts.caAsCert]: { 'ca.cert': caAsCert.pem },
        [Hosts.port443]: { 'ca.crt': port443.pem },
        [Hosts.der]: { 'ca.crt': certDer(der) },
        [Hosts.noClientPair]: { 'ca.crt': noClientPair.pem },
        [Hosts.serverKey]: { 'ca.crt': serverKey.pem, 'ca.key': file(pkcs8Pem(serverKey.key), 0o600) },
        [Hosts.derConvert]: { 'ca.crt': certDer(derConvert) },
        [Hosts.undoFile]: { 'ca.cert': undoFile.pem },
        [Hosts.undoFolder]: { 'ca.crt': undoFolder.pem },
      },
      containerd: {
        'certs.d': {
          [ContainerdHosts.toml]: { 'hosts.toml': HOSTS_TOML.text, 'mirror.crt': tomlMirror.pem, 'ca.crt': tomlLoose.pem },
        },
      },
    },
    'certsd-e2e-tree-',
  );

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-e2e-'));
  const workspace = path.join(runDir, 'workspace');
  fs.renameSync(tree.base, workspace);
  const resultsFile = path.join(runDir, 'results.json');
  const configFile = path.join(runDir, CONFIG_FILE_NAME);
  const full: E2eConfig = { ...config, resultsFile };
  fs.writeFileSync(configFile, JSON.stringify(full, null, 2) + '\n');
  return {
    runDir,
    workspace,
    configFile,
    resultsFile,
    remove: () => fs.rmSync(runDir, { recursive: true, force: true }),
  };
}
