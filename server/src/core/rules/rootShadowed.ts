import * as path from 'node:path';
import { ZERO_RANGE } from '../findings';
import { DEFAULT_FOLDER } from '../engines/hostFolders';
import { ENGINE_NAMES } from '../tree';
import { OrderRule } from './rule';
import { t } from '../l10n';

/**
 * Several roots read in order, the first with a match winning and nothing merged: a host folder of a
 * later root that an earlier root hides. containerd's CRI over config_path counts a root's `_default`
 * as a match (internal/cri/server/images/image_pull.go hostDirFromRoots), so an early `_default` hides
 * every later root; containers/image takes the first root holding `<host>` (dockerCertDir).
 */
export const rootShadowed: OrderRule = {
  code: 'certsd/root-shadowed',
  severity: 'warning',
  scope: 'order',
  engines: ['containerd', 'podman'],
  description: 'A host folder is never read by an engine that reads several roots in order, because an earlier root answers for its host.',
  check({ order, roots, shadows, report }) {
    // A user's own order hides shared folders from that user only; other users still read them.
    const personal = order.engine === 'podman' && order.who !== 'Podman';
    for (const s of shadows) {
      const root = roots.find((r) => r.path === s.root)!;
      const folderPath = path.join(s.root, s.folder);
      const used = path.join(s.usedRoot, s.usedFolder);
      const other = root.engine !== order.engine ? t(' {0} still reads it.', ENGINE_NAMES[root.engine]) : '';
      let message: string;
      let summary: string;
      if (order.engine === 'podman') {
        summary = t('Never read: an earlier folder in the search order is used for {0}', s.host ?? '');
        message = t('{0} never reads this folder: it looks for {1} in {2} and uses the first it finds, {3}; nothing is merged.', order.who, String(s.host), order.roots.join(', '), used) + other;
      } else if (s.host === undefined) {
        summary = t('Never read: an earlier root in config_path answers for every registry');
        message = t('{0} never reads this {1}: {2} comes earlier in config_path, so {3} answers for every registry and no folder of {4} is ever read.', order.who, DEFAULT_FOLDER, used, s.usedRoot, s.root) + other;
      } else if (s.usedFolder === DEFAULT_FOLDER) {
        summary = t('Never read: _default in an earlier root in config_path answers for {0}', s.host);
        message = t('{0} never reads this folder: {1} comes earlier in config_path and answers for every registry without a folder of its own there, {2} included (containerd takes the first root with a match and merges nothing).', order.who, used, s.host) + other;
      } else {
        summary = t('Never read: an earlier root in config_path has a folder for {0}', s.host);
        message = t('{0} never reads this folder for {1}: {2} comes earlier in config_path ({3}) and is used alone; nothing is merged.', order.who, s.host, used, order.roots.join(':')) + other;
      }
      report({ path: folderPath, hostPath: folderPath, range: ZERO_RANGE, severity: personal || other ? 'information' : 'warning', summary, message });
    }
  },
};
