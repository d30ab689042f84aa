import { strict as assert } from 'node:assert';
import { FsError, describeUnread, goPathError, tooBig } from '../../server/src/core/fsview';

// The texts for a file certsd does not read because it is over the 1 MiB cap. A view may give the
// error without a size (the FsPort is open to other views than the disk's): the text must still be
// a sentence, never "it is over bytes" or "it is undefined bytes".
describe('fsview: texts for an over-size file', () => {
  it('names the size when the view gives it', () => {
    const e = tooBig('/c/reg/ca.crt', 2097152);
    assert.equal(goPathError(e, '/c/reg/ca.crt'), 'certsd did not read /c/reg/ca.crt: it is 2097152 bytes, over the 1048576 bytes (1 MiB) it reads (the engine reads it whole)');
    assert.equal(describeUnread(e), 'it is 2097152 bytes, more than the 1 MiB certsd reads');
  });

  it('reads as a sentence without a size', () => {
    const e = new FsError('EFBIG', '/c/reg/ca.crt');
    assert.equal(goPathError(e, '/c/reg/ca.crt'), 'certsd did not read /c/reg/ca.crt: it is over the 1048576 bytes (1 MiB) it reads (the engine reads it whole)');
    assert.equal(describeUnread(e), 'it is more than the 1 MiB certsd reads');
  });

  it('a size of 0 is a size (not taken for a missing one)', () => {
    const e = new FsError('EFBIG', '/c/reg/ca.crt', undefined, { size: 0 });
    assert.equal(describeUnread(e), 'it is 0 bytes, more than the 1 MiB certsd reads');
  });
});
