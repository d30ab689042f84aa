import { isIP } from 'node:net';
import { Fix, ZERO_RANGE } from '../findings';
import { containerdPortForm, DEFAULT_FOLDER, familyOf, hostOfFolder, mobyFolderName, Platform, presentNames } from '../engines/hostFolders';
import { HostContext, HostRule } from './rule';
import { hostOf, renameFix } from './util';
import { t } from '../l10n';

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

const stripColons = (s: string) => s.split(':').join('');

/**
 * A host folder the loader of this pass never looks up:
 * - moby (Docker's own loader): Docker Hub and loopback registries (certs.d is not read for them);
 * - moby and containers/image: containerd's own names, `_default` and `host_port_` (both read
 *   `certs.d/<host[:port]>` literally);
 * - on Windows every loader drops the colons, so a name holding one is never tried.
 */
export const unusedHost: HostRule = {
  code: 'certsd/host-not-read',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: "An engine never reads this host folder: Docker Hub or a loopback registry under Docker, or a name the engine's lookup never forms (containerd's reg_5000_ and _default for Docker and Podman; a name with ':' on Windows).",
  check(ctx) {
    const { host, loader, actor, report } = ctx;
    if (loader === 'docker') {
      // The registry the folder is named for: containerd's forms map back (`[:_1]_` is `[::1]`).
      const h = hostOf(hostOfFolder(host.name, platformOf(ctx)).host ?? host.name);
      if (h === 'docker.io' || h === 'index.docker.io' || h === 'registry-1.docker.io') {
        report({
          path: host.path,
          range: ZERO_RANGE,
          summary: t('{0} has no effect: Docker never reads certs.d for Docker Hub', host.name),
          message: t("{0} never reads certs.d for Docker Hub, so {1} has no effect (Podman and containerd do read it). For a mirror, name the folder after the mirror's host.", actor, host.name),
        });
        return;
      }
      if (isLoopback(h)) {
        report({
          path: host.path,
          range: ZERO_RANGE,
          severity: 'information',
          summary: t('{0} is never read: TLS is not verified for a local registry', host.name),
          message: t('{0} treats {1} as an insecure registry and does not verify its TLS certificate, so it never reads this folder (containerd reads it but skips verification by default).', actor, host.name),
        });
        return;
      }
    }
    unreadName(ctx);
  },
};

/** Podman pulls inside Linux (its Windows and macOS clients drive a Linux machine). */
function platformOf(ctx: HostContext): Platform {
  return ctx.loader === 'podman' ? 'unix' : ctx.settings.platform;
}

function unreadName(ctx: HostContext): void {
  const { root, host, engine, loader, actor, cache, settings, report } = ctx;
  const platform = platformOf(ctx);
  const family = familyOf(loader);
  const fh = hostOfFolder(host.name, platform);
  if (fh.loaders.includes(family)) return;
  const present = presentNames(root);
  // Docker with the containerd image store: pulls go through containerd's lookup, login through moby's.
  const pullsRead = engine === 'docker' && loader === 'docker' && settings.dockerStore.store === 'containerd' && fh.loaders.includes('containerd');
  const pulls = pullsRead ? t(" Docker's pulls and pushes read it, through containerd's lookup.") : '';
  if (fh.form === 'default') {
    report({
      path: host.path,
      range: ZERO_RANGE,
      summary: t("{0} is never read: it is containerd's folder for registries without their own", DEFAULT_FOLDER),
      message:
        (family === 'moby'
          ? t("{0} never reads {1}: that name is containerd's folder for registries without their own, and moby looks up only a folder named after the registry.", actor, DEFAULT_FOLDER)
          : t("{0} never reads {1}: that name is containerd's folder for registries without their own, and it looks up only a folder named after the registry.", actor, DEFAULT_FOLDER)) + pulls,
    });
    return;
  }
  let target: string;
  let why: string;
  if (fh.form === 'port-underscore') {
    target = family === 'moby' ? mobyFolderName(fh.host!, platform) : fh.host!;
    const sought = target === fh.host ? target : t('{0} for {1}', target, fh.host!);
    why = family === 'moby' ? t("moby looks up {0} (the {1} form is containerd's)", sought, host.name) : t("it looks up {0} (the {1} form is containerd's)", sought, host.name);
  } else {
    // Windows, a name holding ':'. Docker's two lookups share the colon-less name (containerd tries it second).
    target = family === 'containerd' && engine !== 'docker' ? stripColons(containerdPortForm(fh.host!)) : stripColons(fh.host!);
    why = t("on Windows a folder name cannot hold ':' and the lookup drops the colons ({0})", target);
  }
  let fixes: Fix[] = [];
  let advice: string;
  if (present.has(target)) {
    advice = t(' {0} is there and is used instead.', target);
  } else {
    fixes = renameFix(cache, host.path, target);
    advice = pullsRead ? t(' Rename the folder to {0}: both then read it.', target) : t(' Rename the folder to {0}.', target);
  }
  report({ path: host.path, range: ZERO_RANGE, summary: t('Folder {0} is never read under this name: the engine looks for {1}', host.name, target), message: t('{0} never reads {1}: {2}.', actor, host.name, why) + pulls + advice, fixes });
}
