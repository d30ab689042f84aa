/**
 * core/findings.ts: the order findings are listed in (CLI output, the Problems panel): by path,
 * then start line, then severity (errors first), then code. Nothing else (the character, the end,
 * the message) takes part.
 */
import * as assert from 'node:assert/strict';
import { compareFindings, Finding, SEVERITY_ORDER, Severity, ZERO_RANGE } from '../../server/src/core/findings';

function finding(path: string, line: number, severity: Severity, code: string, character = 0): Finding {
  return {
    code,
    severity,
    path,
    range: { start: { line, character }, end: { line: line + 1, character: 0 } },
    summary: `${code} summary`,
    message: `${code} message`,
  };
}

describe('core/findings', () => {
  it('ZERO_RANGE is the start of the file', () => {
    assert.deepStrictEqual(ZERO_RANGE, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  it('SEVERITY_ORDER puts errors first and hints last', () => {
    assert.deepStrictEqual(SEVERITY_ORDER, { error: 0, warning: 1, information: 2, hint: 3 });
  });

  it('orders by path first, whatever the rest says', () => {
    assert.strictEqual(compareFindings(finding('/a/x.crt', 9, 'hint', 'z'), finding('/b/x.crt', 0, 'error', 'a')), -1);
    assert.strictEqual(compareFindings(finding('/b/x.crt', 0, 'error', 'a'), finding('/a/x.crt', 9, 'hint', 'z')), 1);
  });

  it('then by start line, as the difference of the lines', () => {
    assert.strictEqual(compareFindings(finding('/a', 1, 'hint', 'z'), finding('/a', 4, 'error', 'a')), -3);
    assert.strictEqual(compareFindings(finding('/a', 4, 'error', 'a'), finding('/a', 1, 'hint', 'z')), 3);
  });

  it('then by severity, errors first, ignoring the character', () => {
    assert.strictEqual(compareFindings(finding('/a', 2, 'error', 'z', 9), finding('/a', 2, 'hint', 'a', 0)), -3);
    assert.strictEqual(compareFindings(finding('/a', 2, 'information', 'a'), finding('/a', 2, 'warning', 'z')), 1);
  });

  it('then by code', () => {
    assert.strictEqual(compareFindings(finding('/a', 2, 'warning', 'ca-expired', 5), finding('/a', 2, 'warning', 'ca-not-ca', 0)), -1);
    assert.strictEqual(compareFindings(finding('/a', 2, 'warning', 'ca-not-ca'), finding('/a', 2, 'warning', 'ca-expired')), 1);
    assert.strictEqual(compareFindings(finding('/a', 2, 'warning', 'ca-expired', 0), finding('/a', 2, 'warning', 'ca-expired', 7)), 0);
  });

  it('sorts a list that way', () => {
    const list = [
      finding('/b', 0, 'error', 'a'),
      finding('/a', 3, 'error', 'b'),
      finding('/a', 1, 'hint', 'a'),
      finding('/a', 1, 'error', 'c'),
      finding('/a', 1, 'error', 'b'),
    ];
    assert.deepStrictEqual(
      [...list].sort(compareFindings).map((f) => `${f.path}:${f.range.start.line}:${f.severity}:${f.code}`),
      ['/a:1:error:b', '/a:1:error:c', '/a:1:hint:a', '/a:3:error:b', '/b:0:error:a'],
    );
  });
});
