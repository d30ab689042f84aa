/**
 * What is known about one file during one check: its bytes (or the error reading it), its PEM
 * blocks as Go decodes them, and each block parsed once. Rules and engine profiles share these,
 * so a certificate is parsed once however many rules look at it.
 */
import { FileSystemView, FsError, isFsError } from './fsview';
import { decodeAll, hasUtf8Bom, PemBlock, scanArmor, ArmorRegion } from './go/pem';
import { GO_DEFAULTS, GoParseOptions } from './go/godebug';
import { CertFacts, parseCertificate, parsePrivateKey, Parsed, PrivateKeyFacts } from './go/x509';
import { lastAtOrBefore } from './sorted';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * A failure of certsd's own code while reading one file (a parser bug met on odd input). It names
 * the file, so that the guard around each rule (rules/guard.ts) reports it there, and the rest of
 * the tree is checked as usual.
 */
export class FileCheckError extends Error {
  constructor(
    readonly path: string,
    /** What certsd was doing, as a verb phrase: "parse this certificate". */
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(`certsd could not ${what} (${path}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'FileCheckError';
  }
}

export class FileFacts {
  private _data?: Buffer;
  private _error?: FsError;
  private _read = false;
  private _blocks?: PemBlock[];
  private _lineStarts?: number[];
  private _armor?: ArmorRegion[];
  private readonly certs = new Map<PemBlock, Parsed<CertFacts>>();
  private readonly keys = new Map<PemBlock, Parsed<PrivateKeyFacts>>();
  private _der?: Parsed<CertFacts>;

  constructor(
    readonly path: string,
    private readonly fs: FileSystemView,
    /** The GODEBUG-dependent parser behaviour of the engine's Go (default: Go 1.26's). */
    readonly goOptions: GoParseOptions = GO_DEFAULTS,
  ) {}

  private load(): void {
    if (this._failure) throw this._failure;
    if (this._read) return;
    try {
      const d = this.fs.readFile(this.path);
      this._data = Buffer.isBuffer(d) ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    } catch (e) {
      if (!isFsError(e)) throw (this._failure = new FileCheckError(this.path, 'read this file', e));
      this._error = e;
    }
    this._read = true;
  }

  /** A failure of certsd's own on this file, kept: every later look at the file meets it again (never an empty file). */
  private _failure?: FileCheckError;

  /** Runs one of certsd's parsers on this file; a throw becomes a FileCheckError naming the file. */
  private contained<T>(what: string, parse: () => T): T {
    if (this._failure) throw this._failure;
    try {
      return parse();
    } catch (e) {
      this._failure = e instanceof FileCheckError ? e : new FileCheckError(this.path, what, e);
      throw this._failure;
    }
  }

  /** The bytes, or undefined when reading failed (see readError). */
  get data(): Buffer | undefined {
    this.load();
    return this._data;
  }

  get readError(): FsError | undefined {
    this.load();
    return this._error;
  }

  /** Blocks in the order Go's pem.Decode loop returns them. */
  get blocks(): PemBlock[] {
    if (!this._blocks) this._blocks = this.data ? this.contained('decode the PEM blocks of this file', () => decodeAll(this.data!)) : [];
    return this._blocks;
  }

  get hasBom(): boolean {
    return this.data ? hasUtf8Bom(this.data) : false;
  }

  get text(): string {
    return this.data ? this.data.toString('utf8') : '';
  }

  /** BEGIN/END regions as a person reads them, including those Go rejects. */
  get armor(): ArmorRegion[] {
    if (!this._armor) this._armor = this.contained('scan the PEM armor of this file', () => scanArmor(this.data ? this.data.toString('latin1') : ''));
    return this._armor;
  }

  certificate(block: PemBlock): Parsed<CertFacts> {
    let r = this.certs.get(block);
    if (!r) {
      r = parseCertificate(block.bytes, this.goOptions);
      // Not Go's verdict but a failure of certsd's model: nothing may be concluded from it.
      if (!r.ok && r.internal) throw (this._failure = new FileCheckError(this.path, 'parse this certificate', new Error(r.error)));
      this.certs.set(block, r);
    }
    return r;
  }

  privateKey(block: PemBlock): Parsed<PrivateKeyFacts> {
    let r = this.keys.get(block);
    if (!r) {
      r = parsePrivateKey(block.bytes, this.goOptions);
      if (!r.ok && r.internal) throw (this._failure = new FileCheckError(this.path, 'parse this private key', new Error(r.error)));
      this.keys.set(block, r);
    }
    return r;
  }

  /** The whole file read as one DER certificate (what `openssl x509 -outform der` writes). */
  get derCertificate(): Parsed<CertFacts> | undefined {
    if (this._der === undefined && this.data && this.data.length > 0 && this.data[0] === 0x30) {
      // parseCertificate never throws: a failure of its own comes back as `internal`, which (as in
      // certificate()) is no verdict of Go's and must not pass for one.
      this._der = this.contained('parse this file as a DER certificate', () => {
        const r = parseCertificate(this.data!, this.goOptions);
        if (!r.ok && r.internal) throw new Error(r.error);
        return r;
      });
    }
    return this._der;
  }

  /** Line and UTF-16 character of a byte offset, for LSP ranges. */
  positionAt(offset: number): Position {
    const data = this.data ?? Buffer.alloc(0);
    if (!this._lineStarts) {
      const starts = [0];
      for (let i = data.indexOf(0x0a); i >= 0; i = data.indexOf(0x0a, i + 1)) starts.push(i + 1);
      this._lineStarts = starts;
    }
    const starts = this._lineStarts;
    const lo = lastAtOrBefore(starts, offset);
    const prefix = data.subarray(starts[lo], Math.min(offset, data.length));
    return { line: lo, character: prefix.toString('utf8').length };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The first line: where whole-file problems are shown. */
  get firstLine(): Range {
    const data = this.data;
    if (!data) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const nl = data.indexOf(0x0a);
    let end = nl < 0 ? data.length : nl;
    if (end > 0 && data[end - 1] === 0x0d) end--;
    // A binary (DER) file has no meaningful line: keep the range empty.
    const isText = !data.subarray(0, end).some((b) => b < 0x09 || (b > 0x0d && b < 0x20));
    return this.rangeOf(0, isText ? Math.min(end, 200) : 0);
  }
}

/** Per-check memo of FileFacts by path. */
export class FactsCache {
  private readonly files = new Map<string, FileFacts>();

  constructor(
    readonly fs: FileSystemView,
    /** How the engine's Go parses certificates and keys (see goDefaults / parseGodebug). */
    readonly goOptions: GoParseOptions = GO_DEFAULTS,
  ) {}

  file(path: string): FileFacts {
    let f = this.files.get(path);
    if (!f) {
      f = new FileFacts(path, this.fs, this.goOptions);
      this.files.set(path, f);
    }
    return f;
  }
}
