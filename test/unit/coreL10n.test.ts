/**
 * core/l10n.ts in-process, with bundles written to a temporary folder (l10n.test.ts checks the real
 * bundles; Stryker cannot run it). Expected values follow the module's contract: POSIX locale
 * variables in the order LC_ALL, LC_MESSAGES, LANG; zh, zh-CN, zh-SG and zh-Hans as Simplified
 * Chinese, Traditional Chinese as English; a missing, empty or broken bundle is English; a
 * placeholder's following space is dropped after an argument ending in full-width punctuation.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { currentLocale, defaultL10nDir, fillMarker, localeFromEnv, normalizeLocale, setLocale, t } from '../../server/src/core/l10n';
import { tempTrees } from '../helpers/tree';

const ZH_BUNDLE = {
  'Hello': '你好',
  '{0} refused {1}': '{0} 拒绝了 {1}。',
  'Missing {0} and {1}': '缺少 {1} 和 {0}',
  'Count: {0}': '数量：{0} 个',
  'Glued{0}here': '粘{0}住',
  'Eleven {0} {1} {2} {3} {4} {5} {6} {7} {8} {9} {10}': '十一 {10} {0}',
};

describe('core/l10n', () => {
  const tree = tempTrees();
  let dir: string;
  before(() => {
    dir = tree({
      good: {
        'bundle.l10n.zh-cn.json': JSON.stringify(ZH_BUNDLE),
        // English needs no bundle: one that is there is never read.
        'bundle.l10n.en.json': JSON.stringify({ Hello: 'HELLO FROM AN ENGLISH BUNDLE' }),
      },
      broken: { 'bundle.l10n.zh-cn.json': '{"Hello": ' },
      empty: { 'bundle.l10n.zh-cn.json': '{}' },
      none: {},
    }).base;
  });
  afterEach(() => setLocale('en'));

  describe('normalizeLocale', () => {
    const cases: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      ['', undefined],
      ['C', 'en'],
      ['C.UTF-8', 'en'],
      ['POSIX', 'en'],
      ['en', 'en'],
      ['en_US.UTF-8', 'en'],
      ['en-GB', 'en'],
      ['  en_US  ', 'en'],
      ['english', undefined],
      ['zh', 'zh-cn'],
      ['zh-cn', 'zh-cn'],
      ['zh-CN', 'zh-cn'],
      ['zh_CN.UTF-8', 'zh-cn'],
      ['zh_CN.GB18030@pinyin', 'zh-cn'],
      ['zh_CN@pinyin', 'zh-cn'],
      ['zh_SG', 'zh-cn'],
      ['zh-Hans', 'zh-cn'],
      ['zh-Hans-CN', 'zh-cn'],
      ['zh-hansx', undefined],
      ['zh-TW', undefined],
      ['zh_HK.UTF-8', undefined],
      ['zh-Hant', undefined],
      ['zh-cnx', undefined],
      ['zhx', undefined],
      ['fr_FR.UTF-8', undefined],
      ['cz', undefined],
      ['xen', undefined],
    ];
    for (const [raw, expected] of cases) {
      it(`${JSON.stringify(raw)} -> ${JSON.stringify(expected)}`, () => assert.strictEqual(normalizeLocale(raw), expected));
    }
  });

  describe('localeFromEnv', () => {
    it('takes LC_ALL, then LC_MESSAGES, then LANG, skipping empty ones', () => {
      assert.strictEqual(localeFromEnv({ LC_ALL: 'a', LC_MESSAGES: 'b', LANG: 'c' }), 'a');
      assert.strictEqual(localeFromEnv({ LC_ALL: '', LC_MESSAGES: 'b', LANG: 'c' }), 'b');
      assert.strictEqual(localeFromEnv({ LC_MESSAGES: '', LANG: 'c' }), 'c');
      assert.strictEqual(localeFromEnv({ LANG: '', LANGUAGE: 'zh_CN', LC_CTYPE: 'zh_CN' }), undefined);
      assert.strictEqual(localeFromEnv({}), undefined);
    });
  });

  describe('defaultL10nDir', () => {
    it('finds l10n/ at the repository root', () => {
      assert.strictEqual(defaultL10nDir(), path.resolve(__dirname, '..', '..', 'l10n'));
    });
  });

  describe('setLocale and t', () => {
    it('translates with a bundle and fills the placeholders in the bundle order', () => {
      assert.strictEqual(setLocale('zh_CN.UTF-8', path.join(dir, 'good')), 'zh-cn');
      assert.strictEqual(currentLocale(), 'zh-cn');
      assert.strictEqual(t('Hello'), '你好');
      assert.strictEqual(t('{0} refused {1}', 'Docker', 'ca.crt'), 'Docker 拒绝了 ca.crt。');
      assert.strictEqual(t('Missing {0} and {1}', 'client.key', 'client.cert'), '缺少 client.cert 和 client.key');
      assert.strictEqual(t('Count: {0}', 3), '数量：3 个');
      assert.strictEqual(t('Count: {0}', true), '数量：true 个');
      assert.strictEqual(t('Glued{0}here', 'x'), '粘x住');
    });

    it('drops the space after an argument ending in full-width punctuation, and only then', () => {
      setLocale('zh-cn', path.join(dir, 'good'));
      assert.strictEqual(t('{0} refused {1}', 'Docker（拉取和推送）', 'ca.crt'), 'Docker（拉取和推送）拒绝了 ca.crt。');
      for (const p of ['）', '，', '。', '：', '；', '！', '？', '、', '」', '』', '】', '》']) {
        assert.strictEqual(t('{0} refused {1}', `甲${p}`, 'x'), `甲${p}拒绝了 x。`, p);
      }
      // Full-width punctuation not at the end, an opening bracket, ASCII punctuation: the space stays.
      assert.strictEqual(t('{0} refused {1}', '（甲）乙', 'x'), '（甲）乙 拒绝了 x。');
      assert.strictEqual(t('{0} refused {1}', '甲（', 'x'), '甲（ 拒绝了 x。');
      assert.strictEqual(t('{0} refused {1}', 'a)', 'x'), 'a) 拒绝了 x。');
      // No space after the placeholder: nothing to drop, nothing added.
      assert.strictEqual(t('Glued{0}here', '甲。'), '粘甲。住');
    });

    it('fills placeholders of two digits', () => {
      setLocale('zh-cn', path.join(dir, 'good'));
      assert.strictEqual(t('Eleven {0} {1} {2} {3} {4} {5} {6} {7} {8} {9} {10}', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'), '十一 k a');
    });

    it('leaves a placeholder without an argument as written', () => {
      setLocale('zh-cn', path.join(dir, 'good'));
      assert.strictEqual(t('{0} refused {1}', 'Docker'), 'Docker 拒绝了 {1}。');
      assert.strictEqual(t('Missing {0} and {1}', 'client.key'), '缺少 {1} 和 client.key');
    });

    it('keeps a message the bundle does not have in English, its placeholders filled', () => {
      setLocale('zh-cn', path.join(dir, 'good'));
      assert.strictEqual(t('Not translated'), 'Not translated');
      assert.strictEqual(t('Not translated {0}, {1}', 'a', 2), 'Not translated a, 2');
    });

    it('is English for English, ignoring an English bundle', () => {
      assert.strictEqual(setLocale('en_US.UTF-8', path.join(dir, 'good')), 'en');
      assert.strictEqual(currentLocale(), 'en');
      assert.strictEqual(t('Hello'), 'Hello');
      assert.strictEqual(t('{0} refused {1}', 'Docker（拉取和推送）', 'ca.crt'), 'Docker（拉取和推送） refused ca.crt');
    });

    it('goes back to English after Chinese', () => {
      setLocale('zh-cn', path.join(dir, 'good'));
      assert.strictEqual(setLocale('C', path.join(dir, 'good')), 'en');
      assert.strictEqual(currentLocale(), 'en');
      assert.strictEqual(t('Hello'), 'Hello');
      assert.strictEqual(t('{0} refused {1}', 'a', 'b'), 'a refused b');
    });

    it('is English for a locale without a bundle, a missing, broken or empty bundle, or no folder', () => {
      const cases: [string | undefined, string | undefined][] = [
        ['fr_FR', path.join(dir, 'good')],
        ['zh-TW', path.join(dir, 'good')],
        [undefined, path.join(dir, 'good')],
        ['zh-cn', path.join(dir, 'none')],
        ['zh-cn', path.join(dir, 'broken')],
        ['zh-cn', path.join(dir, 'empty')],
      ];
      for (const [raw, folder] of cases) {
        setLocale('zh-cn', path.join(dir, 'good'));
        assert.strictEqual(setLocale(raw, folder), 'en', `${raw} ${folder}`);
        assert.strictEqual(currentLocale(), 'en');
        assert.strictEqual(t('Hello'), 'Hello');
        assert.strictEqual(t('{0} refused {1}', 'a', 'b'), 'a refused b');
      }
    });

    it('reads the bundle of l10n/ when no folder is given', () => {
      assert.strictEqual(setLocale('zh-cn'), 'zh-cn');
      assert.strictEqual(currentLocale(), 'zh-cn');
    });
  });

  describe('fillMarker', () => {
    it('replaces every marker', () => {
      assert.strictEqual(fillMarker('@ and @ again', '@', 'Docker'), 'Docker and Docker again');
      assert.strictEqual(fillMarker('no marker', '@', 'Docker'), 'no marker');
    });

    it('drops one space after a value ending in full-width punctuation, not before it', () => {
      assert.strictEqual(fillMarker(' @ 拒绝了，@  也是', '@', 'Docker（拉取）'), ' Docker（拉取）拒绝了，Docker（拉取） 也是');
      assert.strictEqual(fillMarker('@ 拒绝了', '@', '甲。'), '甲。拒绝了');
      assert.strictEqual(fillMarker('@ 拒绝了', '@', '（甲）乙'), '（甲）乙 拒绝了');
      // No space to drop: the text after the value stays whole.
      assert.strictEqual(fillMarker('@拒绝了', '@', '甲。'), '甲。拒绝了');
    });
  });
});
