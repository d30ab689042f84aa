/**
 * What the server knows: the certs.d roots under the workspace folders, and for each host folder
 * the engine's verdict and the findings. Full checks at start and on settings changes; after that,
 * only the host folders a change touches are checked again.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { CheckEnv, CheckOptions, checkRoot, HostCheck, recheckHost, recheckRootFindings } from '../core/check';
import { addOrderShadow, clearOrderShadows, shadowsOfOrders } from '../core/engines/orders';
import { Finding } from '../core/findings';
import { EditorFileSystemView, FsError, isFsError } from '../core/fsview';
import { currentPlatform } from '../core/engines/hostFolders';
import { lookupOrders, mayChangeRoots, resolveRoots, RootLocation, TooDeep } from '../core/roots';
import { resolveDockerStore } from '../core/engines/dockerStore';
import { defaultRelease, DockerStoreInfo, findRelease } from '../core/engines/releases';
import { CertsdRoot, readRoot } from '../core/tree';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CertsdSettings } from '../protocol';
import { DocumentBlocks } from './blocks';
import { bytesText, editorText } from './documentText';
import { isUnder } from './paths';

/** A host folder as last checked: the core's HostCheck. */
export type HostState = HostCheck;

export interface RootState {
  location: RootLocation;
  root: CertsdRoot;
  /** Findings about the root itself and files directly in it. */
  findings: Finding[];
  hosts: Map<string, HostState>;
}

/** What an update touched: the files whose diagnostics may have changed. */
export interface UpdateResult {
  paths: Set<string>;
  /** Host folders checked again. */
  hosts: number;
  /** Roots were found or lost: everything should be published again. */
  rediscovered: boolean;
}

export interface DocumentIndex {
  version: number | undefined;
  /** Why the file could not be read (when it is not open either). */
  readError?: FsError;
  blocks: DocumentBlocks;
}

export class CertsdWorkspace {
  readonly roots = new Map<string, RootState>();
  private folders: string[] = [];
  /** SHA-256 of each file an `edit` fix is about, as the check read it (see textUnchanged). */
  private readonly checkedTexts = new Map<string, string>();
  private readonly indexes = new Map<string, DocumentIndex>();
  /** The version of the open document at a path, undefined when it is not open (the server sets it). */
  documentVersion: (p: string) => number | undefined = () => undefined;
  /** The open document at a path, for its text when the check cannot read it (over the cap, unsaved; the server sets it). */
  openDocument: (p: string) => TextDocument | undefined = () => undefined;

  constructor(
    readonly fs: EditorFileSystemView,
    private readonly now: () => Date,
    public settings: CertsdSettings,
  ) {}

  /**
   * A document's regions and blocks (lsp/blocks.ts, decoded lazily), built once per version of an
   * open document and shared by hover, outline and folding. Read as the check reads it (through the
   * overlay: the unsaved text of an edited document); an open document the check does not read (over
   * the size cap, or not on disk) is indexed from the editor's text, so hover, outline and folding
   * still work on it. A file that is not open is indexed per request and not kept.
   */
  documentIndex(p: string): DocumentIndex {
    const version = this.documentVersion(p);
    const kept = this.indexes.get(p);
    if (kept && version !== undefined && kept.version === version) return kept;
    let index: DocumentIndex;
    try {
      const d = this.fs.readFile(p);
      index = { version, blocks: new DocumentBlocks(bytesText(Buffer.isBuffer(d) ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength))) };
    } catch (e) {
      if (!isFsError(e)) throw e;
      const open = version === undefined ? undefined : this.openDocument(p);
      index = open ? { version, blocks: new DocumentBlocks(editorText(open)) } : { version, readError: e, blocks: new DocumentBlocks(bytesText(Buffer.alloc(0))) };
    }
    if (version === undefined) this.indexes.delete(p);
    else this.indexes.set(p, index);
    return index;
  }

  /** A document changed or was closed: let its index go (it holds that version's text). */
  forgetDocument(p: string): void {
    this.indexes.delete(p);
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
  }

  folderList(): string[] {
    return [...this.folders];
  }

  private env(): CheckEnv {
    return { fs: this.fs, now: this.now };
  }

  private resolved?: { settings: CertsdSettings; options: CheckOptions };

  /** Check options from the settings; Docker's storage is looked up once per settings object. */
  private options(): CheckOptions {
    if (this.resolved?.settings !== this.settings) {
      const s = this.settings;
      const releases = { docker: s.dockerRelease, containerd: s.containerdRelease };
      const dockerStore = resolveDockerStore(s.dockerStore, findRelease('docker', s.dockerRelease) ?? defaultRelease('docker'), this.fs);
      this.resolved = { settings: s, options: { expiryDays: s.expiryWarningDays, releases, dockerStore } };
    }
    return this.resolved.options;
  }

  /** Docker's image store the checks assume (from the settings, daemon.json, or the release's default). */
  dockerStore(): DockerStoreInfo | undefined {
    return this.options().dockerStore;
  }

  /** Where the last search for roots stopped with sub-folders left unsearched (core/roots.ts MAX_SEARCH_DEPTH). */
  tooDeep: TooDeep[] = [];

  /** The workspace folders and certsd.extraRoots: where roots are looked for. */
  private targets(): string[] {
    return [...this.folders, ...this.settings.extraRoots];
  }

  /** The roots of the workspace folders, certsd.extraRoots and certsd.roots, each once (resolveRoots, as the CLI). */
  private discover(): RootLocation[] {
    const forced = this.settings.engine === 'auto' ? undefined : this.settings.engine;
    const found = resolveRoots(this.fs, { targets: this.targets(), rootsSetting: this.settings.roots, forced });
    this.tooDeep = found.tooDeep;
    return found.locations;
  }

  private hashOf(p: string): string | undefined {
    try {
      return createHash('sha256').update(this.fs.readFile(p)).digest('hex');
    } catch {
      return undefined;
    }
  }

  /**
   * Notes what the files that `edit` fixes are about hold now, right after the check that made
   * them (same tick, so the same text the check read through the overlay). Each file is hashed once
   * per check, however many fixes edit it: `hashed` is that check's record (a hosts.toml with many
   * findings was hashed once per fix).
   */
  rememberEditTargets(findings: Finding[], hashed = new Set<string>()): void {
    for (const f of findings) for (const fix of f.fixes ?? []) {
      if (fix.kind !== 'edit' || hashed.has(fix.path)) continue;
      hashed.add(fix.path);
      const h = this.hashOf(fix.path);
      if (h) this.checkedTexts.set(fix.path, h);
      else this.checkedTexts.delete(fix.path);
    }
  }

  /** Does the file still hold the text its findings' `edit` fixes were computed on? */
  textUnchanged(p: string): boolean {
    const then = this.checkedTexts.get(p);
    return then !== undefined && then === this.hashOf(p);
  }

  /** Find the roots again and check everything. */
  checkAll(): void {
    this.roots.clear();
    this.checkedTexts.clear();
    const hashed = new Set<string>();
    for (const location of this.discover()) this.roots.set(location.path, this.checkRootAt(location, hashed));
    this.applyOrders();
  }

  /**
   * What lookup orders hide (a folder an earlier root answers for), worked out again over every root:
   * the standard places found in the workspace, or certsd.roots. Gives the files of every host folder
   * whose order findings changed.
   */
  private applyOrders(): Set<string> {
    const changed = new Set<string>();
    const whole = [...this.roots.values()].filter((r) => r.location.onlyHosts === undefined);
    const releases = {
      podman: defaultRelease('podman'),
      containerd: findRelease('containerd', this.settings.containerdRelease) ?? defaultRelease('containerd'),
    };
    const orders = lookupOrders(whole.map((r) => r.root.path), releases, currentPlatform(), this.settings.roots);
    const before = new Map<HostState, string>();
    for (const r of whole) {
      for (const h of r.hosts.values()) {
        before.set(h, JSON.stringify([h.findings, h.report.shadowedBy]));
        clearOrderShadows(h);
      }
    }
    for (const o of shadowsOfOrders(whole.map((r) => r.root), orders, this.env(), this.options())) {
      const state = this.roots.get(o.root)?.hosts.get(o.folder);
      if (state) addOrderShadow(state, o);
    }
    for (const [h, was] of before) if (JSON.stringify([h.findings, h.report.shadowedBy]) !== was) for (const p of CertsdWorkspace.filesOf(h)) changed.add(p);
    return changed;
  }

  private checkRootAt(location: RootLocation, hashed: Set<string>): RootState {
    // A root that is only one host folder (the workspace is that folder) keeps that limit.
    const r = checkRoot(location, this.env(), this.options());
    this.rememberEditTargets(r.findings, hashed);
    return { location, root: r.root, findings: r.rootFindings, hosts: new Map(r.hostChecks.map((h) => [h.dir.name, h])) };
  }

  rootOf(p: string): RootState | undefined {
    let best: RootState | undefined;
    for (const r of this.roots.values()) if (isUnder(p, r.root.path) && (!best || r.root.path.length > best.root.path.length)) best = r;
    return best;
  }

  /** The host folder a path is in (or is), if any. */
  hostOf(p: string): { root: RootState; host: HostState } | undefined {
    const root = this.rootOf(p);
    if (!root || p === root.root.path) return undefined;
    const name = path.relative(root.root.path, p).split(path.sep)[0];
    const host = root.hosts.get(name);
    return host ? { root, host } : undefined;
  }

  /** Every file path a host folder's diagnostics may be attached to. */
  static filesOf(state: HostState): Set<string> {
    const paths = new Set<string>();
    for (const e of state.dir.entries) if (e.type !== 'directory') paths.add(e.path);
    for (const f of state.findings) if (f.path !== state.dir.path) paths.add(f.path);
    return paths;
  }

  static rootFilesOf(state: RootState): Set<string> {
    const paths = new Set<string>();
    for (const e of state.root.strayFiles) paths.add(e.path);
    for (const f of state.findings) paths.add(f.path);
    return paths;
  }

  /**
   * Files changed, appeared or went away on disk (or in an editor): check again what they touch.
   * Host folders are re-read and re-checked; the root's own entries when one of them changed.
   */
  update(changed: string[]): UpdateResult {
    const paths = new Set<string>();
    const dirtyHosts = new Map<RootState, Set<string>>();
    const dirtyRoots = new Set<RootState>();
    let rediscover = false;
    for (const p of changed) {
      const root = this.rootOf(p);
      if (!root) {
        // A new certs.d folder (or a cert.d, certs... that may now look like one): find the roots again.
        rediscover ||= mayChangeRoots(this.fs, p, this.targets());
        continue;
      }
      if (p === root.root.path) {
        rediscover = true;
        continue;
      }
      const parts = path.relative(root.root.path, p).split(path.sep);
      // An entry of the root itself, or a host folder not seen before: the root's listing changed.
      if (parts.length === 1 || !root.hosts.has(parts[0])) dirtyRoots.add(root);
      if (!dirtyHosts.has(root)) dirtyHosts.set(root, new Set());
      dirtyHosts.get(root)!.add(parts[0]);
    }
    if (rediscover) {
      this.checkAll();
      return { paths, hosts: [...this.roots.values()].reduce((n, r) => n + r.hosts.size, 0), rediscovered: true };
    }
    let hosts = 0;
    const hashed = new Set<string>();
    for (const root of dirtyRoots) {
      for (const p of CertsdWorkspace.rootFilesOf(root)) paths.add(p);
      const fresh = readRoot(this.fs, root.location.path, root.location.engine, root.location);
      root.root = fresh;
      // Host folders that disappeared take their diagnostics with them.
      for (const [name, state] of root.hosts) {
        if (!fresh.hosts.some((h) => h.name === name)) {
          for (const p of CertsdWorkspace.filesOf(state)) paths.add(p);
          root.hosts.delete(name);
        }
      }
      root.findings = recheckRootFindings(fresh, this.env(), this.options());
      this.rememberEditTargets(root.findings, hashed);
      for (const p of CertsdWorkspace.rootFilesOf(root)) paths.add(p);
    }
    for (const [root, names] of dirtyHosts) {
      for (const name of names) {
        const old = root.hosts.get(name);
        if (old) for (const p of CertsdWorkspace.filesOf(old)) paths.add(p);
        if (!root.root.hosts.some((h) => h.name === name)) continue;
        const state = recheckHost(root.root, name, this.env(), this.options());
        this.rememberEditTargets(state.findings, hashed);
        const gone = state.dir.readError?.code;
        if (gone === 'ENOENT' || gone === 'ENOTDIR') {
          root.hosts.delete(name);
          continue;
        }
        hosts++;
        root.hosts.set(name, state);
        for (const p of CertsdWorkspace.filesOf(state)) paths.add(p);
      }
    }
    for (const p of this.applyOrders()) paths.add(p);
    return { paths, hosts, rediscovered: false };
  }

  /** All files any diagnostic may be attached to. */
  allFiles(): Set<string> {
    const paths = new Set<string>();
    for (const root of this.roots.values()) {
      for (const p of CertsdWorkspace.rootFilesOf(root)) paths.add(p);
      for (const h of root.hosts.values()) for (const p of CertsdWorkspace.filesOf(h)) paths.add(p);
    }
    return paths;
  }
}
