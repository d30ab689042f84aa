/**
 * What a rule is, and what it is given. One rule per file; the list is rules/index.ts.
 *
 * Precedence. Some faults are seen by two rules, each from its side: a CA certificate saved as
 * `.cert` is also a `.cert` without its `.key` (missing-key) and a client pair that does not load
 * (invalid-key-pair). Every rule reports what it sees and never asks another rule; the rule whose
 * advice fixes the cause names the rules it outranks in `supersedes`, and check.ts drops their
 * findings where it spoke (precedence.ts, on one loader's findings for one host folder). The table
 * today, stated whole in test/unit/precedence.test.ts:
 *
 *   ca-as-cert     supersedes  missing-key          on the pair  (rename it to .crt, not "add a key")
 *   ca-as-cert     supersedes  invalid-key-pair     on the pair  (the .cert is no client certificate)
 *   server-key     supersedes  missing-client-cert  on the file  (delete the registry's key, not "add a .cert")
 *   hosts-toml-url supersedes  hosts-toml-v2-path   at the range (a URL containerd misreads has no path to judge)
 *   der-original   supersedes  ignored-extension    on the file  (a converted DER's leftover, not a CA the engine misses)
 *
 * A rule may still narrow itself by what the engine did (the load result), which is not precedence:
 * bom speaks only of files the engine still uses; read-error leaves a path in hosts.toml that names
 * no file to hosts-toml-file, which reports it where it is written.
 */
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

/**
 * How far a finding of a superseding rule reaches: the same file; the same file or the other half
 * of its client pair (the load's pairs); the same range of the same file (one host of several in
 * hosts.toml).
 */
export type SupersededOn = 'file' | 'pair' | 'range';

export interface HostRule extends RuleBase {
  scope: 'host';
  /** The rules whose findings a finding of this one takes away (see Precedence above), and how far. */
  supersedes?: Readonly<Record<string, SupersededOn>>;
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
