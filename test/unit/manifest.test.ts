/** Manifest promises the README makes: where the extension runs, and what Restricted Mode keeps. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  extensionKind?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: unknown } };
};

describe('package.json', () => {
  it('runs in the workspace (remote) extension host only, where /etc/docker/certs.d is', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
  });
  it('supports Restricted Mode in part (limited), not fully nor never', () => {
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
  });
});
