/** The server in the editor's language: initialize's `locale` picks the bundle (as VS Code sends `zh-cn`). */
import * as assert from 'node:assert/strict';
import { CodeLensRequest, HoverRequest, MarkupContent } from 'vscode-languageserver-protocol/node';
import { setLocale } from '../../server/src/core/l10n';
import { toUri } from '../../server/src/lsp/paths';
import { commonPki } from '../helpers/fixtures';
import { startTestServer, TestClient } from '../helpers/lsp';
import { tempTrees } from '../helpers/tree';

describe('language server localisation (initialize locale)', function () {
  const tree = tempTrees();
  let client: TestClient | undefined;

  afterEach(() => {
    client?.dispose();
    client = undefined;
    // The locale is the process's: leave English for the suites that follow.
    setLocale('en');
  });

  async function lensesAndHover(locale: string | undefined): Promise<{ titles: string[]; hover: string }> {
    const { ca } = await commonPki();
    const t = tree({ etc: { docker: { 'certs.d': { 'reg.example.com:5000': { 'ca.crt': ca.pem } } } } });
    const caFile = t.path('etc', 'docker', 'certs.d', 'reg.example.com:5000', 'ca.crt');
    ({ client } = await startTestServer(t.base, { locale }));
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(caFile) } });
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(caFile) }, position: { line: 1, character: 0 } });
    return { titles: (lenses ?? []).map((l) => l.command!.title), hover: (h!.contents as MarkupContent).value };
  }

  it('gives Chinese lens titles and hover labels for locale zh-cn', async () => {
    const { titles, hover } = await lensesAndHover('zh-cn');
    assert.ok(titles.includes('生成客户端私钥和证书'), titles.join(' | '));
    assert.ok(!titles.includes('Generate client key and certificate'), titles.join(' | '));
    assert.match(hover, /^- \*\*颁发者\*\*: /m);
    assert.match(hover, /reg\.example\.com:5000 的 CA 根证书/);
    // What the certificate says is quoted as it is.
    assert.match(hover, /CN=Registry CA/);
  });

  it('stays English without a locale, and for one without a bundle, after a Chinese server', async () => {
    await lensesAndHover('zh-cn');
    client!.dispose();
    for (const locale of [undefined, 'fr', 'zh-tw']) {
      const { titles, hover } = await lensesAndHover(locale);
      assert.ok(titles.includes('Generate client key and certificate'), `${locale}: ${titles.join(' | ')}`);
      assert.match(hover, /^- \*\*Issuer\*\*: /m);
      client!.dispose();
    }
  });
});
