import { isIP } from 'node:net';
import { ZERO_RANGE } from '../findings';
import { HostRule } from './rule';
import { hostOf } from './util';

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** The docker profile never reads certs.d for Docker Hub or for loopback registries. */
export const unusedHost: HostRule = {
  code: 'certsd/host-not-read',
  severity: 'warning',
  scope: 'host',
  engines: ['docker'],
  description: 'Docker never reads this host folder: Docker Hub, or a loopback registry.',
  check({ host, report }) {
    const h = hostOf(host.name);
    if (h === 'docker.io' || h === 'index.docker.io' || h === 'registry-1.docker.io') {
      report({
        path: host.path,
        range: ZERO_RANGE,
        message: `Docker never reads certs.d for Docker Hub, so ${host.name} has no effect (Podman and containerd do read it). For a mirror, name the folder after the mirror's host.`,
      });
    } else if (isLoopback(h)) {
      report({
        path: host.path,
        range: ZERO_RANGE,
        severity: 'information',
        message: `Docker treats ${host.name} as an insecure registry and does not verify its TLS certificate, so it never reads this folder (containerd reads it but skips verification by default).`,
      });
    }
  },
};
