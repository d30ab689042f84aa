import { BEGIN_LINE } from '../go/pem';
import { isCertsdFileName } from '../tree';
import { HostRule } from './rule';
import { t } from '../l10n';

/** C2: a UTF-8 BOM (Windows editors) hides the first PEM block from Go. */
export const bom: HostRule = {
  code: 'certsd/bom',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A file starts with a UTF-8 byte order mark, so Go does not see its first PEM block.',
  check({ host, load, cache, report }) {
    for (const e of host.entries) {
      if (!isCertsdFileName(e.name)) continue;
      const file = cache.file(e.path);
      if (!file.hasBom) continue;
      // Files that end up unusable are reported, with the BOM as the reason, by ca-unusable or invalid-key-pair.
      if (load.caFiles.some((c) => c.entry.path === e.path && c.added === 0)) continue;
      if (load.pairs.some((p) => !p.ok && (p.cert.path === e.path || p.keyPath === e.path))) continue;
      // The block Go does not see is the one whose BEGIN line the BOM starts (file.armor, scanned
      // as latin1, does not take the BOM's three bytes for one, so its first region is the next block).
      const lost = lostBlockType(file.data);
      // A BOM before a line that is not a BEGIN line hides nothing: Go finds the first block after
      // a newline, as it would after any other text.
      if (!lost) continue;
      report({
        path: e.path,
        range: file.firstLine,
        summary: t('{0} starts with a byte order mark, which hides its first PEM block', e.name),
        message: t('{0} starts with a UTF-8 byte order mark: Go skips the first PEM block ({1}). Save the file without a BOM.', e.name, lost),
      });
    }
  },
};

/** The type of the PEM block on the first line, after the BOM's three bytes; undefined when there is none. */
function lostBlockType(data: Buffer | undefined): string | undefined {
  if (!data) return undefined;
  const nl = data.indexOf(0x0a, 3);
  const first = data.subarray(3, nl < 0 ? data.length : nl).toString('latin1');
  return BEGIN_LINE.exec(first)?.[2];
}
