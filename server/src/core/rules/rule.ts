/** What a rule is, and what it is given. One rule per file; the list is rules/index.ts. */
import { LoadResult } from '../engines/result';
import { FactsCache } from '../facts';
import type { CrossRootShadow, Platform } from '../engines/hostFolders';
import type { LookupOrder } from '../roots';
import { Finding, Severity } from '../findings';
import { DockerStoreInfo, EngineRelease } from '../engines/releases';
import { CertsdRoot, Engine, HostDir } from '../tree';

/** Certificates that expire within this many days are reported (CLI and editor default). */
export const DEFAULT_EXPIRY_DAYS = 30;

export interface CheckSettings {
  now: Date;
  /** Warn about certificates that expire within this many days. */
  expiryDays: number;
  /** The release modelled for each engine (releases.ts). */
  releases: Record<Engine, EngineRelease>;
  /** Docker: which storage its daemon uses (it decides whose code reads certs.d for pulls). */
  dockerStore: DockerStoreInfo;
  /** The platform whose folder-name rules apply (hostFolders.ts): Windows drops the colons. */
  platform: Platform;
}

export type Report = (finding: Omit<Finding, 'code' | 'severity'> & { severity?: Severity }) => void;

export interface HostContext {
  root: CertsdRoot;
  host: HostDir;
  engine: Engine;
  /**
   * Whose loader code this pass models, named by the engine it comes from: 'docker' is moby's
   * loader, 'podman' containers/image's, 'containerd' containerd's hosts code (which Docker's
   * containerd image store also runs). A rule runs when its `engines` include the loader.
   */
  loader: Engine;
  /** Who does what the findings describe, for messages: "Docker", "docker login", "Podman". */
  actor: string;
  /** What the loader does with this host folder. */
  load: LoadResult;
  cache: FactsCache;
  settings: CheckSettings;
  report: Report;
}

export interface RootContext {
  root: CertsdRoot;
  engine: Engine;
  cache: FactsCache;
  settings: CheckSettings;
  report: Report;
}

/** Several roots one engine reads in order (roots.ts LookupOrder), and what that order hides. */
export interface OrderContext {
  order: LookupOrder;
  /** The order's roots that were checked, in lookup order. */
  roots: CertsdRoot[];
  /** Every folder of a later root that loses its host to an earlier root (hostFolders.ts). */
  shadows: CrossRootShadow[];
  settings: CheckSettings;
  report: Report;
}

interface RuleBase {
  /** Stable, documented, never reused: `certsd/<name>`. */
  code: string;
  /** Default severity; a report may lower or raise it with a reason in the message. */
  severity: Severity;
  /** Engines whose behaviour the rule is about. */
  engines: readonly Engine[];
  /** One sentence for documentation and SARIF. */
  description: string;
}

export interface HostRule extends RuleBase {
  scope: 'host';
  check(ctx: HostContext): void;
}

export interface RootRule extends RuleBase {
  scope: 'root';
  check(ctx: RootContext): void;
}

/** A rule about several roots read in order (a folder another root hides). */
export interface OrderRule extends RuleBase {
  scope: 'order';
  check(ctx: OrderContext): void;
}

export type Rule = HostRule | RootRule | OrderRule;
