/**
 * The PEM grammar, tokenized by the same engine VS Code uses (vscode-textmate on Oniguruma), so a
 * scope asserted here is the scope a theme sees.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const REPO = path.resolve(__dirname, '..', '..');
const GRAMMAR_PATH = path.join(REPO, 'syntaxes', 'pem.tmLanguage.json');
const LANGUAGE_CONFIGURATION_PATH = path.join(REPO, 'syntaxes', 'language-configuration.json');

interface Token {
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === 'source.pem' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
    });
    const grammar = await registry.loadGrammar('source.pem');
    assert.ok(grammar, 'source.pem did not load');
    return grammar;
  })();
  return grammarPromise;
}

/** Every line's tokens, the rule stack carried from line to line as the editor does. */
async function tokenize(text: string): Promise<Token[][]> {
  const grammar = await loadGrammar();
  let stack = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the token whose text is exactly `text` on line `line`. */
function scopesOf(lines: Token[][], line: number, text: string): string[] {
  const token = lines[line].find((t) => t.text === text);
  assert.ok(token, `no token "${text}" on line ${line}; tokens: ${JSON.stringify(lines[line].map((t) => t.text))}`);
  return token.scopes;
}

function assertScopes(actual: string[], expected: string[]): void {
  for (const scope of expected) assert.ok(actual.includes(scope), `expected scope ${scope} in [${actual.join(', ')}]`);
}

function assertNoScopeLike(actual: string[], prefix: string): void {
  const hit = actual.find((s) => s.startsWith(prefix));
  assert.equal(hit, undefined, `unexpected ${hit} in [${actual.join(', ')}]`);
}

const B64_1 = 'MIIBszCCAVmgAwIBAgIUQ2FuIHlvdSByZWFkIHRoaXM/IEl0IGlzIG5vdCByZWFs';
const B64_2 = 'aXN0aWMgYmFzZTY0IGJ1dCBnb29kIGVub3VnaA==';

const CLIENT_CERT = [
  'Certificate:',
  '    Data:',
  '        Version: 3 (0x2)',
  '-----BEGIN CERTIFICATE-----',
  B64_1,
  B64_2,
  '-----END CERTIFICATE-----',
  '',
].join('\n');

const ENCRYPTED_RSA_KEY = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'Proc-Type: 4,ENCRYPTED',
  'DEK-Info: AES-256-CBC,3F2A0C9E1B7D4A6C8E0F1A2B3C4D5E6F',
  '',
  B64_1,
  '-----END RSA PRIVATE KEY-----',
].join('\n');

describe('PEM grammar (syntaxes/pem.tmLanguage.json)', () => {
  it('is the grammar package.json contributes for the pem language', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      contributes: { grammars: { language: string; scopeName: string; path: string }[]; languages: { id: string; configuration: string }[] };
    };
    const contributed = manifest.contributes.grammars.find((g) => g.language === 'pem');
    assert.ok(contributed, 'package.json contributes no grammar for pem');
    assert.equal(path.resolve(REPO, contributed.path), GRAMMAR_PATH);
    const raw = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8')) as { scopeName: string };
    assert.equal(raw.scopeName, contributed.scopeName);
    const language = manifest.contributes.languages.find((l) => l.id === 'pem');
    assert.equal(path.resolve(REPO, language?.configuration ?? ''), LANGUAGE_CONFIGURATION_PATH);
  });

  it('scopes a BEGIN CERTIFICATE line as keyword, with the type as an entity name', async () => {
    const lines = await tokenize(CLIENT_CERT);
    assertScopes(scopesOf(lines, 3, 'BEGIN'), ['source.pem', 'meta.block.certificate.pem', 'meta.armor.begin.pem', 'keyword.control.begin.pem']);
    assertScopes(scopesOf(lines, 3, 'CERTIFICATE'), ['entity.name.type.certificate.pem']);
    assertScopes(scopesOf(lines, 3, '-----'), ['punctuation.definition.armor.pem']);
  });

  it('scopes body lines as base64 strings inside the block', async () => {
    const lines = await tokenize(CLIENT_CERT);
    assertScopes(scopesOf(lines, 4, B64_1), ['meta.block.certificate.pem', 'string.unquoted.base64.pem']);
    assertScopes(scopesOf(lines, 5, B64_2), ['meta.block.certificate.pem', 'string.unquoted.base64.pem']);
  });

  it('scopes the END line as keyword and closes the block', async () => {
    const lines = await tokenize(CLIENT_CERT + 'trailing words\n');
    assertScopes(scopesOf(lines, 6, 'END'), ['meta.block.certificate.pem', 'meta.armor.end.pem', 'keyword.control.end.pem']);
    assertScopes(scopesOf(lines, 6, 'CERTIFICATE'), ['entity.name.type.certificate.pem']);
    const after = scopesOf(lines, 7, 'trailing words');
    assertScopes(after, ['comment.line.outside-block.pem']);
    assertNoScopeLike(after, 'meta.block.');
  });

  it('scopes an openssl -text dump before BEGIN as comment, not as PEM', async () => {
    const lines = await tokenize(CLIENT_CERT);
    for (const [i, text] of [[0, 'Certificate:'], [1, '    Data:'], [2, '        Version: 3 (0x2)']] as const) {
      const scopes = scopesOf(lines, i, text);
      assertScopes(scopes, ['comment.line.outside-block.pem']);
      // "Version: 3" looks like a header, but only inside a block is it one.
      assertNoScopeLike(scopes, 'meta.header.');
      assertNoScopeLike(scopes, 'meta.block.');
    }
  });

  it('scopes RFC 1421 header lines as key and value', async () => {
    const lines = await tokenize(ENCRYPTED_RSA_KEY);
    assertScopes(scopesOf(lines, 1, 'Proc-Type'), ['meta.header.pem', 'support.type.property-name.header.pem']);
    assertScopes(scopesOf(lines, 1, ':'), ['punctuation.separator.key-value.pem']);
    assertScopes(scopesOf(lines, 1, '4'), ['string.unquoted.header-value.pem']);
    assertScopes(scopesOf(lines, 1, 'ENCRYPTED'), ['string.unquoted.header-value.pem', 'keyword.other.encrypted.pem']);
    assertScopes(scopesOf(lines, 2, 'DEK-Info'), ['support.type.property-name.header.pem']);
    assertScopes(scopesOf(lines, 2, 'AES-256-CBC'), ['string.unquoted.header-value.pem']);
    assertScopes(scopesOf(lines, 4, B64_1), ['string.unquoted.base64.pem']);
  });

  it('scopes private key blocks apart from certificates', async () => {
    for (const type of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']) {
      const lines = await tokenize(`-----BEGIN ${type}-----\n${B64_1}\n-----END ${type}-----\n`);
      assertScopes(scopesOf(lines, 0, type), ['meta.block.key.private.pem', 'entity.name.type.key.private.pem']);
      assertScopes(scopesOf(lines, 1, B64_1), ['meta.block.key.private.pem', 'string.unquoted.base64.pem']);
      assertScopes(scopesOf(lines, 2, type), ['meta.block.key.private.pem', 'entity.name.type.key.private.pem']);
      assertNoScopeLike(scopesOf(lines, 0, type), 'entity.name.type.certificate');
    }
    const cert = await tokenize(CLIENT_CERT);
    assertNoScopeLike(scopesOf(cert, 3, 'CERTIFICATE'), 'entity.name.type.key.private');
  });

  it('marks what Go rejects: a mismatched END type, a broken body line, an indented armor line', async () => {
    const lines = await tokenize(['-----BEGIN CERTIFICATE-----', B64_1, 'not base64!', '-----END PRIVATE KEY-----', '  -----BEGIN CERTIFICATE-----'].join('\n'));
    assertScopes(scopesOf(lines, 2, 'not base64!'), ['invalid.illegal.not-base64.pem']);
    assertScopes(scopesOf(lines, 3, 'PRIVATE KEY'), ['meta.armor.end.pem', 'invalid.illegal.type-mismatch.pem']);
    assertScopes(scopesOf(lines, 4, '  -----BEGIN CERTIFICATE-----'), ['invalid.illegal.armor.pem']);
  });

  it('starts a new block at a BEGIN line even when the previous block has no END', async () => {
    const lines = await tokenize(['-----BEGIN PRIVATE KEY-----', B64_1, '-----BEGIN CERTIFICATE-----', B64_2, '-----END CERTIFICATE-----'].join('\n'));
    assertScopes(scopesOf(lines, 2, 'CERTIFICATE'), ['meta.block.certificate.pem', 'entity.name.type.certificate.pem']);
    assertNoScopeLike(scopesOf(lines, 3, B64_2), 'meta.block.key.private');
  });

  it('folds BEGIN..END and declares no comment tokens (PEM has none)', () => {
    const config = JSON.parse(fs.readFileSync(LANGUAGE_CONFIGURATION_PATH, 'utf8')) as {
      comments?: unknown;
      folding?: { markers?: { start: string; end: string } };
    };
    assert.equal(config.comments, undefined);
    const markers = config.folding?.markers;
    assert.ok(markers, 'no folding markers');
    const start = new RegExp(markers.start);
    const end = new RegExp(markers.end);
    assert.ok(start.test('-----BEGIN CERTIFICATE-----'));
    assert.ok(end.test('-----END CERTIFICATE-----'));
    assert.ok(!start.test('-----END CERTIFICATE-----'));
    assert.ok(!end.test('-----BEGIN CERTIFICATE-----'));
    assert.ok(!start.test(B64_1));
  });
});
