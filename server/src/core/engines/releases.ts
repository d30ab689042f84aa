/**
 * The engine releases we model: one table, one row per release line whose certs.d behaviour
 * differs. Each row names the loader code that reads the folder, the `go` line of the engine's
 * main module (it sets Go's GODEBUG defaults, which decide e.g. whether a negative serial number
 * parses), and for Docker the containerd its image store uses. The conformance suite
 * (test/conformance/) runs the loader named in `harness` with that Go version's GODEBUG defaults
 * and checks that our simulation agrees.
 */
import { Engine } from '../tree';

/** Whose code reads a host folder: moby's loader, containers/image's, or containerd's hosts code. */
export type LoaderFamily = 'moby' | 'containers-image' | 'containerd';

export interface EngineRelease {
  engine: Engine;
  /** What a user types after `@`: `docker@28`, `containerd@1.7`. */
  release: string;
  /** The module and version the conformance suite builds (test/conformance/harness/README.md). */
  source: string;
  /** The `go` line of the engine's main module: Go's GODEBUG defaults follow it. */
  go: string;
  /** The conformance harness loader that runs this release's real code. */
  harness: string;
  /** The containerd release line whose hosts code reads the folder (containerd; Docker's containerd image store), and that loader. */
  containerd?: string;
  containerdHarness?: string;
}

/** Newest first per engine; the first row of an engine is its default. */
export const RELEASES: readonly EngineRelease[] = [
  // moby v2.0.0-beta.24 is the Docker 29 line (releases/versions.yaml: 29.8); its go.mod says go 1.26.3.
  { engine: 'docker', release: '29', source: 'github.com/moby/moby/v2 v2.0.0-beta.24 (Docker 29)', go: '1.26', harness: 'docker29', containerd: '2.3', containerdHarness: 'docker29-containerd-store' },
  // Docker 28 is built in GOPATH mode (GO111MODULE=off), so its vendor.mod's go line does not apply:
  // Go gives GOPATH builds the GODEBUG defaults of go 1.20 (negative serials accepted, RSA CRT recomputed).
  { engine: 'docker', release: '28', source: 'github.com/docker/docker v28.5.2+incompatible', go: '1.20', harness: 'docker28', containerd: '2.1' },
  // Podman 6.0.2's go.mod: go 1.25.6; Podman 5.8.2's: go 1.24.2. Both read certs.d with the same
  // go.podman.io/image/v5 pkg/tlsclientconfig (v5.40.0 and v5.42.1 are identical there).
  { engine: 'podman', release: '6', source: 'go.podman.io/image/v5 v5.42.1 (Podman 6)', go: '1.25', harness: 'podman' },
  { engine: 'podman', release: '5', source: 'go.podman.io/image/v5 v5.42.1 (Podman 5.8)', go: '1.24', harness: 'podman' },
  { engine: 'containerd', release: '2', source: 'github.com/containerd/containerd/v2 v2.4.2', go: '1.26', harness: 'containerd2', containerd: '2.4' },
  { engine: 'containerd', release: '1.7', source: 'github.com/containerd/containerd v1.7.35', go: '1.25', harness: 'containerd17', containerd: '1.7' },
];

export function defaultRelease(engine: Engine): EngineRelease {
  return RELEASES.find((r) => r.engine === engine)!;
}

export function releasesOf(engine: Engine): EngineRelease[] {
  return RELEASES.filter((r) => r.engine === engine);
}

/**
 * A release by what the user wrote: `28`, `28.5.1`, `1.7`, `1.7.27`, `2.1` (the row whose release
 * is a prefix of it, at a dot). Undefined when no row matches.
 */
export function findRelease(engine: Engine, wanted: string | undefined): EngineRelease | undefined {
  if (wanted === undefined || wanted === '' || wanted === 'latest') return defaultRelease(engine);
  return releasesOf(engine).find((r) => wanted === r.release || wanted.startsWith(r.release + '.'));
}

/** `docker`, `docker@28`, `containerd@1.7.27` -> engine and release text (unchecked). */
export function splitEngineSpec(spec: string): { engine: string; release?: string } {
  const at = spec.indexOf('@');
  return at < 0 ? { engine: spec } : { engine: spec.slice(0, at), release: spec.slice(at + 1) };
}

/** Every `engine@release` a user can ask for, for usage texts and settings. */
export function releaseSpecs(): string[] {
  return RELEASES.map((r) => `${r.engine}@${r.release}`);
}

export type DockerStore = 'containerd' | 'graphdriver';
export type DockerStoreChoice = DockerStore | 'auto';
export const DOCKER_STORES: readonly DockerStoreChoice[] = ['auto', 'containerd', 'graphdriver'];

/** Which storage a Docker daemon uses, and whether that was read from the machine or assumed. */
export interface DockerStoreInfo {
  store: DockerStore;
  /** `auto` found no daemon.json setting and no `docker info`: the default of new installs. */
  assumed: boolean;
  /** Where it was read from (`/etc/docker/daemon.json`, `docker info`), for messages. */
  from?: string;
}
