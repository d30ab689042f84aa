/**
 * net.SplitHostPort, IP.IsLoopback and containerd's docker.IsLocalhost (server/src/core/go/net.ts).
 * The expected texts are Go's (net/ipsock.go SplitHostPort and AddrError.Error); every case is
 * recorded for the conformance suite's Go-model section, which asks real Go the same question.
 */
import * as assert from 'node:assert/strict';
import { isContainerdLocalhost, isLoopbackText, portOf, splitHostPort } from '../../server/src/core/go/net';
import { recordGoVector } from '../helpers/goVectors';

const shown = (r: ReturnType<typeof splitHostPort>) => ('error' in r ? r.error : `host=${JSON.stringify(r.host)} port=${JSON.stringify(r.port)}`);

const SPLIT: [string, string][] = [
  ['reg.example.com:5000', 'host="reg.example.com" port="5000"'],
  ['localhost:80', 'host="localhost" port="80"'],
  ['[::1]:5000', 'host="::1" port="5000"'],
  ['[::1]:', 'host="::1" port=""'],
  [':80', 'host="" port="80"'],
  ['reg:', 'host="reg" port=""'],
  ['reg:http', 'host="reg" port="http"'],
  ['[fe80::1%eth0]:443', 'host="fe80::1%eth0" port="443"'],
  ['', 'missing port in address'],
  ['localhost', 'address localhost: missing port in address'],
  ['[::1]', 'address [::1]: missing port in address'],
  ['::1', 'address ::1: too many colons in address'],
  ['host::80', 'address host::80: too many colons in address'],
  ['[::1]:80:90', 'address [::1]:80:90: too many colons in address'],
  ['[::1]x:80', 'address [::1]x:80: missing port in address'],
  ['[::1:80', "address [::1:80: missing ']' in address"],
  ['a[b:80', "address a[b:80: unexpected '[' in address"],
  ['a]b:80', "address a]b:80: unexpected ']' in address"],
  ['[a[b]:80', "address [a[b]:80: unexpected '[' in address"],
  ['[ab]:8]0', "address [ab]:8]0: unexpected ']' in address"],
];

describe('net.SplitHostPort (go/net.ts)', () => {
  for (const [text, expect] of SPLIT) {
    it(`${JSON.stringify(text)} -> ${expect}`, () => {
      recordGoVector({ name: `goNet: SplitHostPort ${JSON.stringify(text)}`, kind: 'splithostport', text, expect });
      assert.equal(shown(splitHostPort(text)), expect);
    });
  }

  it("portOf is the port, or '' when SplitHostPort fails (containerd's `_, port, _ :=`)", () => {
    assert.deepEqual(['localhost:80', '[::1]:5000', 'localhost', 'host::80', '[::1]'].map(portOf), ['80', '5000', '', '', '']);
  });
});

const LOOPBACK: [string, boolean][] = [
  ['127.0.0.1', true],
  ['127.255.255.254', true],
  ['::1', true],
  ['::ffff:127.0.0.1', true],
  ['0:0:0:0:0:0:0:1', true],
  ['128.0.0.1', false],
  ['::2', false],
  ['127.0.0.01', false],
  ['127.1', false],
  ['[::1]', false],
  ['localhost', false],
  ['', false],
];

describe('net.ParseIP(s).IsLoopback (go/net.ts)', () => {
  for (const [text, expect] of LOOPBACK) {
    it(`${JSON.stringify(text)} -> ${expect}`, () => {
      recordGoVector({ name: `goNet: IsLoopback ${JSON.stringify(text)}`, kind: 'loopback', text, expect: String(expect) });
      assert.equal(isLoopbackText(text), expect);
    });
  }
});

describe("containerd's docker.IsLocalhost (go/net.ts)", () => {
  // The host part when SplitHostPort splits, else the whole text; then localhost or a loopback IP.
  const cases: [string, boolean][] = [
    ['localhost', true],
    ['localhost:5000', true],
    ['127.0.0.1', true],
    ['127.0.0.1:80', true],
    ['[::1]:5000', true],
    ['::1', true],
    ['[::ffff:127.0.0.1]:5000', true],
    ['[::1]', false],
    ['LOCALHOST:5000', false],
    ['localhost.localdomain', false],
    ['127.000.0.1:5000', false],
    ['reg.example.com:5000', false],
    ['localhost_5000_', false],
  ];
  for (const [host, expect] of cases) {
    it(`${host} -> ${expect}`, () => assert.equal(isContainerdLocalhost(host), expect));
  }
});
