/**
 * Several roots one engine reads in order (roots.ts LookupOrder: containerd's config_path, Podman's
 * search path): which host folders an earlier root hides, as shadows on the host reports and findings
 * of the order rules. Run after the roots are checked (the CLI), and again after any change (the LSP).
 */
import * as path from 'node:path';
import { addShadows, CheckEnv, CheckOptions, defaultEnv, FolderShadow, HostCheck, reporter, RootReport, settingsOf, usedFolderOf } from '../check';
import { compareFindings, Finding } from '../findings';
import { presentNames, RootNames, shadowsAcrossRoots } from './hostFolders';
import { LookupOrder } from '../roots';
import { RULES } from '../rules';
import { OrderContext } from '../rules/rule';
import { CertsdRoot } from '../tree';

/** What a lookup order hides: per shadowed host folder, the finding and the shadow for its report. */
export interface OrderShadow {
  /** Root path and folder name of the shadowed host folder. */
  root: string;
  folder: string;
  shadow: FolderShadow;
  findings: Finding[];
}

/**
 * Several roots one engine reads in order (containerd's config_path, Podman's search path): every
 * folder an earlier root hides. `roots` are the roots as checked; an order's roots that are not among
 * them are skipped.
 */
export function shadowsOfOrders(roots: CertsdRoot[], orders: LookupOrder[], env: CheckEnv = defaultEnv, options: CheckOptions = {}): OrderShadow[] {
  const settings = settingsOf(env, options);
  const out: OrderShadow[] = [];
  for (const order of orders) {
    const inOrder = order.roots.map((p) => roots.find((r) => r.path === p && r.onlyHosts === undefined)).filter((r): r is CertsdRoot => r !== undefined);
    if (inOrder.length < 2) continue;
    const names: RootNames[] = inOrder.map((r) => ({ root: r.path, present: presentNames(r), folders: r.hosts.map((h) => h.name) }));
    const shadows = shadowsAcrossRoots(order.engine === 'podman' ? 'containers-image' : 'containerd', names, settings.platform);
    const findings: Finding[] = [];
    for (const rule of RULES) {
      if (rule.scope !== 'order' || !rule.engines.includes(order.engine)) continue;
      const ctx: OrderContext = { order, roots: inOrder, shadows, settings, report: reporter(findings, rule.code, rule.severity) };
      rule.check(ctx);
    }
    for (const s of shadows) {
      const folderPath = path.join(s.root, s.folder);
      out.push({
        root: s.root,
        folder: s.folder,
        shadow: { engine: order.engine, actor: order.who, host: s.host, usedFolder: path.join(s.usedRoot, s.usedFolder), scope: 'order' },
        findings: findings.filter((f) => f.hostPath === folderPath),
      });
    }
  }
  return out;
}

const ORDER_CODES = new Set(RULES.filter((r) => r.scope === 'order').map((r) => r.code));

/** Adds one order's shadow and its findings to a host folder's check. */
export function addOrderShadow(check: HostCheck, o: OrderShadow): void {
  addShadows(check.report, [o.shadow]);
  check.findings = [...check.findings, ...o.findings].sort(compareFindings);
}

/** Takes back what lookup orders added to a host folder's check, before they are worked out again. */
export function clearOrderShadows(check: HostCheck): void {
  check.findings = check.findings.filter((f) => !ORDER_CODES.has(f.code));
  const left = (check.report.shadowedBy ?? []).filter((s) => s.scope !== 'order');
  check.report.shadowedBy = left.length ? left : undefined;
  check.report.usedFolder = usedFolderOf(check.report);
}

/** Adds what the orders hide to the reports of a check (the CLI: every root checked at once). */
export function applyOrders(reports: RootReport[], orders: LookupOrder[], env: CheckEnv = defaultEnv, options: CheckOptions = {}): void {
  for (const o of shadowsOfOrders(reports.map((r) => r.root), orders, env, options)) {
    const report = reports.find((r) => r.root.path === o.root && r.root.onlyHosts === undefined);
    const check = report?.hostChecks.find((h) => h.dir.name === o.folder);
    if (!report || !check) continue;
    addOrderShadow(check, o);
    report.findings = [...report.findings, ...o.findings].sort(compareFindings);
  }
}
