/**
 * The pieces under the hosts.toml editor features: where paths and capabilities stand in the file
 * (tomlRefs.ts), where the cursor stands while typing (tomlContext.ts), and the host list of the
 * verdict (verdict.ts tomlHostLines).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { hostReport, runCheck } from '../helpers/check';
import { tomlHostLines } from '../../server/src/core/verdict';
import { scanToml } from '../../server/src/lsp/tomlContext';
import { hostsTomlCapabilities, hostsTomlReferences } from '../../server/src/core/engines/hostsToml';
import { ecKey, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

describe('hosts.toml references and capabilities (tomlRefs)', () => {
  const text = [
    'ca = "/etc/ssl/root.crt"', // 0
    'CLIENT = "both.pem"', // 1: go-toml matches the field whatever the case
    '[host."https://m.example.com"]', // 2
    '  ca = ["a.crt", "sub/b.crt"]', // 3
    '  client = [["c.cert", "c.key"], "single.pem"]', // 4
    '  capabilities = ["pull", "Resolve"]', // 5
    '[host."https://m.example.com".header]', // 6
    '  ca = "not-a-path"', // 7: a header named ca
  ].join('\n');

  it('lists each path with its role, host, absolute path and the range of the string', () => {
    const refs = hostsTomlReferences(text, '/certs.d/reg');
    assert.deepEqual(
      refs.map((r) => [r.role, r.value, r.absolute, r.host ?? '(server)']),
      [
        ['ca', '/etc/ssl/root.crt', '/etc/ssl/root.crt', '(server)'],
        ['client-cert', 'both.pem', '/certs.d/reg/both.pem', '(server)'],
        ['ca', 'a.crt', '/certs.d/reg/a.crt', 'https://m.example.com'],
        ['ca', 'sub/b.crt', path.join('/certs.d/reg', 'sub/b.crt'), 'https://m.example.com'],
        ['client-cert', 'c.cert', '/certs.d/reg/c.cert', 'https://m.example.com'],
        ['client-key', 'c.key', '/certs.d/reg/c.key', 'https://m.example.com'],
        ['client-cert', 'single.pem', '/certs.d/reg/single.pem', 'https://m.example.com'],
      ],
    );
    const b = refs[3];
    assert.deepEqual(b.range, { start: { line: 3, character: 17 }, end: { line: 3, character: 28 } });
    assert.equal(text.split('\n')[3].slice(17, 28), '"sub/b.crt"');
  });

  it('lists the capability strings with their ranges', () => {
    assert.deepEqual(hostsTomlCapabilities(text), [
      { value: 'pull', range: { start: { line: 5, character: 18 }, end: { line: 5, character: 24 } } },
      { value: 'Resolve', range: { start: { line: 5, character: 26 }, end: { line: 5, character: 35 } } },
    ]);
  });

  it('gives nothing for a file that is not TOML', () => {
    assert.deepEqual(hostsTomlReferences('ca = "a.crt\n', '/x'), []);
    assert.deepEqual(hostsTomlCapabilities('capabilities = ["pull"\n'), []);
  });
});

describe('cursor context while typing hosts.toml (tomlContext)', () => {
  const at = (marked: string) => {
    const offset = marked.indexOf('|');
    return scanToml(marked.slice(0, offset) + marked.slice(offset + 1), offset);
  };

  it('tells a key position, in which table, from where the word was typed', () => {
    assert.deepEqual(at('server = "x"\nca|').context, { kind: 'key', table: [], start: 13 });
    assert.deepEqual(at('[host."https://m"]\n  |').context, { kind: 'key', table: ['host', 'https://m'], start: 21 });
  });

  it('tells a string value, its key and its place in nested arrays', () => {
    const { context } = at('client = [["a.cert", "|"]]');
    assert.equal(context.kind, 'string');
    assert.deepEqual(context.kind === 'string' && [context.key, context.indices], [['client'], [0, 1]]);
  });

  it('keeps the strings already in the list', () => {
    const { context } = at('capabilities = ["pull", |]');
    assert.deepEqual(context.kind === 'value' && context.siblings, ['pull']);
  });

  it('sees nothing to complete after a complete value, in a comment or in a key string', () => {
    assert.equal(at('ca = "a.crt" |').context.kind, 'none');
    assert.equal(at('# ca = "|"').context.kind, 'none');
    assert.equal(at('"ca|" = 1').context.kind, 'none');
  });

  it('tells a table header', () => {
    assert.deepEqual(at('[ho|]').context, { kind: 'header', start: 1 });
  });

  it('collects the keys of every table, after the cursor too', () => {
    const { keys } = at('|\nserver = "x"\n[host."m"]\n  CA = "a.crt"\n');
    assert.deepEqual([...keys.get('')!], ['server']);
    assert.deepEqual([...keys.get('host\u0000m')!], ['ca']);
  });
});

describe('the host list of the verdict (tomlHostLines)', () => {
  const tree = tempTrees();
  let caPem: string;
  before(async () => {
    caPem = (await selfSignedCa({ commonName: 'Lines CA', key: ecKey('P-256', 40) })).pem;
  });

  const TOML = 'server = "reg.example.com"\nca = "ca.crt"\n\n[host."http://mirror.example.com:5000/cache"]\n  capabilities = ["pull"]\n  skip_verify = true\n\n[host."https://raw.example.com/api"]\n  override_path = true\n';

  function lines(engine: 'containerd' | 'docker' | 'podman', toml: string, o: { store?: 'containerd' | 'graphdriver'; release?: string } = {}): string[] {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'hosts.toml': toml, 'ca.crt': caPem } } });
    const report = runCheck(t.path('certs.d'), { engine, dockerStore: o.store, releases: o.release ? { [engine]: o.release } : undefined });
    return tomlHostLines(hostReport(report, 'reg.example.com'));
  }

  it('lists where containerd sends requests, in order, with capabilities and TLS', () => {
    assert.deepEqual(lines('containerd', TOML), [
      '1. https://mirror.example.com:5000/cache/v2 (pull; TLS not verified (skip_verify); https, then http)',
      '2. https://raw.example.com/api (all)',
      '3. server https://reg.example.com/v2 (all; CA ca.crt)',
    ]);
  });

  it("counts 'all' without referrers on containerd 1.7", () => {
    assert.deepEqual(lines('containerd', '[host."https://m.example.com"]\n  capabilities = ["pull", "resolve", "push"]\n', { release: '1.7' }), [
      '1. https://m.example.com/v2 (all)',
      '2. server https://reg.example.com/v2 (all)',
    ]);
  });

  it('says who falls back to the loose files when hosts.toml does not decode', () => {
    assert.deepEqual(lines('docker', 'capabilities = ["fetch"]\n', { store: 'containerd' }), [
      'Docker (pulls and pushes) cannot decode hosts.toml (unknown capability fetch) and uses the loose files instead',
    ]);
  });

  it('is empty where hosts.toml is not read', () => {
    assert.deepEqual(lines('podman', TOML), []);
    assert.deepEqual(lines('docker', TOML, { store: 'graphdriver' }), []);
  });
});
