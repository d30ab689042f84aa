/**
 * go/unmarshal.ts, encoding/asn1.Unmarshal reduced to the structs x509's private-key parsers
 * declare, against encoding/asn1 itself: each row is Go 1.26.8's asn1.Unmarshal of the bytes into
 * an asn1.RawValue, an asn1.ObjectIdentifier, or x509's pkcs1PrivateKey, pkcs8 and ecPrivateKey
 * structs (copied from crypto/x509), with the fields it filled and the bytes it left, or its error.
 * Go follows "tags don't match (...)" with its field parameters and the field's type and offset;
 * unmarshal.ts stops after the parenthesis (it says so), and the rows keep Go's text up to there.
 * The same structs are walked here with StructReader in the order Go fills the fields.
 */
import * as assert from 'node:assert/strict';
import { Field, parseOid, parseTagAndLength, StructReader, unmarshalStruct } from '../../server/src/core/go/unmarshal';

/** Bytes from hex, then `zeros` zero octets. */
const h = (hex: string, zeros = 0): Buffer => Buffer.concat([Buffer.from(hex, 'hex'), Buffer.alloc(zeros)]);

type Shape = 'raw' | 'oid' | 'pkcs1' | 'pkcs8' | 'ec';
type Result = { fields: string[]; rest: number } | { error: string };

const UNMARSHALS: [Shape, Buffer, Result][] = [
  ['raw', h(''), { error: "asn1: syntax error: sequence truncated" }],
  ['raw', h('00'), { error: "asn1: syntax error: truncated tag or length" }],
  ['raw', h('0400'), { fields: ['0', '4', 'false', ''], rest: 0 }],
  ['raw', h('04'), { error: "asn1: syntax error: truncated tag or length" }],
  ['raw', h('0401'), { error: "asn1: syntax error: data truncated" }],
  ['raw', h('040100'), { fields: ['0', '4', 'false', '00'], rest: 0 }],
  ['raw', h('0481'), { error: "asn1: syntax error: truncated tag or length" }],
  ['raw', h('048100'), { error: "asn1: structure error: superfluous leading zeros in length" }],
  ['raw', h('04817f', 127), { error: "asn1: structure error: non-minimal length" }],
  ['raw', h('048180', 128), { fields: ['0', '4', 'false', '00'.repeat(128)], rest: 0 }],
  ['raw', h('04820080', 128), { error: "asn1: structure error: superfluous leading zeros in length" }],
  ['raw', h('0482000100'), { error: "asn1: structure error: superfluous leading zeros in length" }],
  ['raw', h('0480'), { error: "asn1: syntax error: indefinite length found (not DER)" }],
  ['raw', h('04850100000000'), { error: "asn1: structure error: length too large" }],
  ['raw', h('048401000000'), { error: "asn1: syntax error: data truncated" }],
  ['raw', h('0484007fffff'), { error: "asn1: structure error: superfluous leading zeros in length" }],
  ['raw', h('04830100'), { error: "asn1: syntax error: truncated tag or length" }],
  ['raw', h('1f'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['raw', h('1f00'), { error: "asn1: syntax error: non-minimal tag" }],
  ['raw', h('1f1e00'), { error: "asn1: syntax error: non-minimal tag" }],
  ['raw', h('1f1f00'), { fields: ['0', '31', 'false', ''], rest: 0 }],
  ['raw', h('1f2000'), { fields: ['0', '32', 'false', ''], rest: 0 }],
  ['raw', h('1f7f00'), { fields: ['0', '127', 'false', ''], rest: 0 }],
  ['raw', h('1f810000'), { fields: ['0', '128', 'false', ''], rest: 0 }],
  ['raw', h('1f8000'), { error: "asn1: syntax error: integer is not minimally encoded" }],
  ['raw', h('1f81'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['raw', h('1f8f8f8f8f0f00'), { error: "asn1: structure error: base 128 integer too large" }],
  ['raw', h('1f878080800000'), { fields: ['0', '1879048192', 'false', ''], rest: 0 }],
  ['raw', h('1f8780808000'), { error: "asn1: syntax error: truncated tag or length" }],
  ['raw', h('1f8fffffff7f00'), { error: "asn1: structure error: base 128 integer too large" }],
  ['raw', h('5f2000'), { fields: ['1', '32', 'false', ''], rest: 0 }],
  ['raw', h('bf2000'), { fields: ['2', '32', 'true', ''], rest: 0 }],
  ['raw', h('ff2000'), { fields: ['3', '32', 'true', ''], rest: 0 }],
  ['raw', h('9f2100'), { fields: ['2', '33', 'false', ''], rest: 0 }],
  ['raw', h('3f2000'), { fields: ['0', '32', 'true', ''], rest: 0 }],
  ['raw', h('1f9f'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['raw', h('0483ffffff'), { error: "asn1: syntax error: data truncated" }],
  ['raw', h('04837fffff'), { error: "asn1: syntax error: data truncated" }],
  ['raw', h('0483800000'), { error: "asn1: syntax error: data truncated" }],
  ['raw', h('048200ff'), { error: "asn1: structure error: superfluous leading zeros in length" }],
  ['raw', h('048300ff00'), { error: "asn1: structure error: superfluous leading zeros in length" }],
  ['raw', h('0483000100'), { error: "asn1: structure error: superfluous leading zeros in length" }],
  ['raw', h('a000'), { fields: ['2', '0', 'true', ''], rest: 0 }],
  ['raw', h('c000'), { fields: ['3', '0', 'false', ''], rest: 0 }],
  ['raw', h('6003020100'), { fields: ['1', '0', 'true', '020100'], rest: 0 }],
  ['raw', h('1f8080'), { error: "asn1: syntax error: integer is not minimally encoded" }],
  ['raw', h('1f80'), { error: "asn1: syntax error: integer is not minimally encoded" }],
  ['oid', h('0600'), { error: "asn1: syntax error: zero length OBJECT IDENTIFIER" }],
  ['oid', h('06012a'), { fields: ['1.2'], rest: 0 }],
  ['oid', h('06032a8648'), { fields: ['1.2.840'], rest: 0 }],
  ['oid', h('060288'), { error: "asn1: syntax error: data truncated" }],
  ['oid', h('06028001'), { error: "asn1: syntax error: integer is not minimally encoded" }],
  ['oid', h('06068fffffff7f'), { error: "asn1: syntax error: data truncated" }],
  ['oid', h('060587ffffff7f'), { fields: ['2.2147483567'], rest: 0 }],
  ['oid', h('06058880808000'), { error: "asn1: structure error: base 128 integer too large" }],
  ['oid', h('06058fffffff7f'), { error: "asn1: structure error: base 128 integer too large" }],
  ['oid', h('0605ffffffff7f'), { error: "asn1: structure error: base 128 integer too large" }],
  ['oid', h('06022a80'), { error: "asn1: syntax error: integer is not minimally encoded" }],
  ['oid', h('06014f'), { fields: ['1.39'], rest: 0 }],
  ['oid', h('0601ff'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['oid', h('06042a864886'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['oid', h('0605818080807f'), { fields: ['2.268435503'], rest: 0 }],
  ['oid', h('06048fffff7f'), { fields: ['2.33554351'], rest: 0 }],
  ['oid', h('0605878080807f'), { fields: ['2.1879048239'], rest: 0 }],
  ['oid', h('0605908080807f'), { error: "asn1: structure error: base 128 integer too large" }],
  ['oid', h('0603813400'), { fields: ['2.100.0'], rest: 0 }],
  ['oid', h('0603904001'), { fields: ['2.2032.1'], rest: 0 }],
  ['oid', h('06082a8648ce3d030107'), { fields: ['1.2.840.10045.3.1.7'], rest: 0 }],
  ['oid', h('0603558048'), { error: "asn1: syntax error: integer is not minimally encoded" }],
  ['oid', h('06042b818000'), { fields: ['1.3.16384'], rest: 0 }],
  ['pkcs1', h('3018020100020201000203010001020201000202010002020100'), { fields: ['0', '256', '65537', '256', '256', '256', '-', '-', '-'], rest: 0 }],
  ['pkcs1', h('3024020100020201000203010001020201000202010002020100020201000202010002020100'), { fields: ['0', '256', '65537', '256', '256', '256', '256', '256', '256'], rest: 0 }],
  ['pkcs1', h('301c02010002020100020301000102020100020201000202010002020100'), { fields: ['0', '256', '65537', '256', '256', '256', '256', '-', '-'], rest: 0 }],
  ['pkcs1', h('3034020100020201000203010001020201000202010002020100020201000202010002020100300e300c0202010002020100020201', 1), { fields: ['0', '256', '65537', '256', '256', '256', '256', '256', '256', 'prime:256'], rest: 0 }],
  ['pkcs1', h('3041020101020201000203010001020201000202010002020100020201000202010002020100301b300c020201000202010002020100300b02010702020100020201', 1), { fields: ['1', '256', '65537', '256', '256', '256', '256', '256', '256', 'prime:256', 'prime:7'], rest: 0 }],
  ['pkcs1', h('3030020101020201000203010001020201000202010002020100020201000202010002020100300a30080202010002020100'), { error: "asn1: syntax error: sequence truncated" }],
  ['pkcs1', h('30360201010202010002030100010202010002020100020201000202010002020100020201003010300c02020100020201000202010004', 1), { error: "asn1: structure error: sequence tag mismatch" }],
  ['pkcs1', h('3032020101020201000203010001020201000202010002020100020201000202010002020100300c300a020201000202010004', 1), { error: "asn1: structure error: tags don't match (2 vs {class:0 tag:4 length:0 isCompound:false})" }],
  ['pkcs1', h('303802010102020100020301000102020100020201000202010002020100020201000202010030123010020201000202010002020100020201', 1), { fields: ['1', '256', '65537', '256', '256', '256', '256', '256', '256', 'prime:256'], rest: 0 }],
  ['pkcs1', h('30260201010202010002030100010202010002020100020201000202010002020100020201003000'), { fields: ['1', '256', '65537', '256', '256', '256', '256', '256', '256'], rest: 0 }],
  ['pkcs1', h('30290201010202010002030100010202010002020100020201000202010002020100020201003103020100'), { fields: ['1', '256', '65537', '256', '256', '256', '256', '256', '256'], rest: 0 }],
  ['pkcs1', h('302c0201010202010002030100010202010002020100020201000202010002020100020201003006300502020100'), { error: "asn1: syntax error: truncated sequence" }],
  ['pkcs1', h('3027020101020201000203010001020201000202010002020100020201000202010002020100300130'), { error: "asn1: syntax error: truncated tag or length" }],
  ['pkcs1', h('3036020101020201000203010001020201000202010002020100020201000202010002020100300e300c02020100020201000202010005', 1), { fields: ['1', '256', '65537', '256', '256', '256', '256', '256', '256', 'prime:256'], rest: 0 }],
  ['pkcs1', h('301a0201000202010002030100010202010002020100020201000400'), { fields: ['0', '256', '65537', '256', '256', '256', '-', '-', '-'], rest: 0 }],
  ['pkcs1', h('302202010002020100020301000102020100020201000202010002020100040002020100'), { fields: ['0', '256', '65537', '256', '256', '256', '256', '-', '-'], rest: 0 }],
  ['pkcs1', h('301c020100020201000203010001020201000202010002020100020200ff'), { fields: ['0', '256', '65537', '256', '256', '256', '255', '-', '-'], rest: 0 }],
  ['pkcs1', h('301a0201000202010002030100010202010002020100020201000200'), { error: "asn1: structure error: empty integer" }],
  ['pkcs1', h('30140201000202010002030100010202010002020100'), { error: "asn1: syntax error: sequence truncated" }],
  ['pkcs1', h('301602010002020100020301000102020100020201000400'), { error: "asn1: structure error: tags don't match (2 vs {class:0 tag:4 length:0 isCompound:false})" }],
  ['pkcs1', h('301602010002000203010001020201000202010002020100'), { error: "asn1: structure error: empty integer" }],
  ['pkcs1', h('3018020100020200010203010001020201000202010002020100'), { error: "asn1: structure error: integer not minimally-encoded" }],
  ['pkcs1', h('30180201000202ff800203010001020201000202010002020100'), { error: "asn1: structure error: integer not minimally-encoded" }],
  ['pkcs1', h('30180201000202ff7f0203010001020201000202010002020100'), { fields: ['0', '-129', '65537', '256', '256', '256', '-', '-', '-'], rest: 0 }],
  ['pkcs1', h('3018020100020200ff0203010001020201000202010002020100'), { fields: ['0', '255', '65537', '256', '256', '256', '-', '-', '-'], rest: 0 }],
  ['pkcs1', h('3006020002020100'), { error: "asn1: structure error: empty integer" }],
  ['pkcs1', h('30080202000102020100'), { error: "asn1: structure error: integer not minimally-encoded" }],
  ['pkcs1', h('300f020901020304050607080902020100'), { error: "asn1: structure error: integer too large" }],
  ['pkcs1', h('301d0208010203040506070802020100020101020201000202010002020100'), { fields: ['72623859790382856', '256', '1', '256', '256', '256', '-', '-', '-'], rest: 0 }],
  ['pkcs1', h('301d0208ff0203040506070802020100020101020201000202010002020100'), { fields: ['-71491328285473016', '256', '1', '256', '256', '256', '-', '-', '-'], rest: 0 }],
  ['pkcs1', h('301e0201ff0202010002090000000000000000ff020201000202010002020100'), { error: "asn1: structure error: integer not minimally-encoded" }],
  ['pkcs1', h('3009220302010002020100'), { error: "asn1: structure error: tags don't match (2 vs {class:0 tag:2 length:3 isCompound:true})" }],
  ['pkcs1', h('30070a010002020100'), { error: "asn1: structure error: tags don't match (2 vs {class:0 tag:10 length:1 isCompound:false})" }],
  ['pkcs1', h('300742010002020100'), { error: "asn1: structure error: tags don't match (2 vs {class:1 tag:2 length:1 isCompound:false})" }],
  ['pkcs1', h('300782010002020100'), { error: "asn1: structure error: tags don't match (2 vs {class:2 tag:2 length:1 isCompound:false})" }],
  ['pkcs1', h('3100'), { error: "asn1: structure error: tags don't match (16 vs {class:0 tag:17 length:0 isCompound:true})" }],
  ['pkcs1', h('3000'), { error: "asn1: syntax error: sequence truncated" }],
  ['pkcs1', h('30'), { error: "asn1: syntax error: truncated tag or length" }],
  ['pkcs1', h('3080'), { error: "asn1: syntax error: indefinite length found (not DER)" }],
  ['pkcs1', h('300302'), { error: "asn1: syntax error: data truncated" }],
  ['pkcs1', h('2003020100'), { error: "asn1: structure error: tags don't match (16 vs {class:0 tag:0 length:3 isCompound:true})" }],
  ['pkcs1', h('3003020100ff'), { error: "asn1: syntax error: sequence truncated" }],
  ['pkcs1', h('300302010000'), { error: "asn1: syntax error: sequence truncated" }],
  ['pkcs1', h('30030201'), { error: "asn1: syntax error: data truncated" }],
  ['pkcs1', h('0201'), { error: "asn1: structure error: tags don't match (16 vs {class:0 tag:2 length:1 isCompound:false})" }],
  ['pkcs1', h(''), { error: "asn1: syntax error: sequence truncated" }],
  ['pkcs1', h('301802010002020100020301000102020100020201000202010000'), { fields: ['0', '256', '65537', '256', '256', '256', '-', '-', '-'], rest: 1 }],
  ['pkcs1', h('301602010002020100020301000102020100020201000281'), { error: "asn1: syntax error: truncated tag or length" }],
  ['pkcs1', h('301502010002020100020301000102020100020201001f'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['pkcs1', h('3018020100020201000203010001020201000202010002050100'), { error: "asn1: syntax error: data truncated" }],
  ['pkcs8', h('3017020100300d06092a864886f70d01010105000403aabbcc'), { fields: ['0', '1.2.840.113549.1.1.1', '0500', 'aabbcc'], rest: 0 }],
  ['pkcs8', h('3015020100300b06092a864886f70d0101010403aabbcc'), { fields: ['0', '1.2.840.113549.1.1.1', '', 'aabbcc'], rest: 0 }],
  ['pkcs8', h('301d020100301306072a8648ce3d020106082a8648ce3d0301070403aabbcc'), { fields: ['0', '1.2.840.10045.2.1', '06082a8648ce3d030107', 'aabbcc'], rest: 0 }],
  ['pkcs8', h('301f020100301506072a8648ce3d020106082a8648ce3d03010705000403aabbcc'), { fields: ['0', '1.2.840.10045.2.1', '06082a8648ce3d030107', 'aabbcc'], rest: 0 }],
  ['pkcs8', h('300c020100300205000403aabbcc'), { error: "asn1: structure error: tags don't match (6 vs {class:0 tag:5 length:0 isCompound:false})" }],
  ['pkcs8', h('300c020100300206000403aabbcc'), { error: "asn1: syntax error: zero length OBJECT IDENTIFIER" }],
  ['pkcs8', h('300d02010030030601880403aabbcc'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['pkcs8', h('301102010030070605ffffffff7f0403aabbcc'), { error: "asn1: structure error: base 128 integer too large" }],
  ['pkcs8', h('300a02010030000403aabbcc'), { error: "asn1: syntax error: sequence truncated" }],
  ['pkcs8', h('300a02010031000403aabbcc'), { error: "asn1: structure error: tags don't match (16 vs {class:0 tag:17 length:0 isCompound:true})" }],
  ['pkcs8', h('3012020100300d06092a864886f70d0101010500'), { error: "asn1: syntax error: sequence truncated" }],
  ['pkcs8', h('3017020100300d06092a864886f70d01010105000303aabbcc'), { error: "asn1: structure error: tags don't match (4 vs {class:0 tag:3 length:3 isCompound:false})" }],
  ['pkcs8', h('3017020100300d06092a864886f70d010101050024030401aa'), { error: "asn1: structure error: tags don't match (4 vs {class:0 tag:4 length:3 isCompound:true})" }],
  ['pkcs8', h('3019020100300d06092a864886f70d01010105000403aabbcc0500'), { fields: ['0', '1.2.840.113549.1.1.1', '0500', 'aabbcc'], rest: 0 }],
  ['pkcs8', h('3017020100300d06092a864886f70d01010105000405aabbcc'), { error: "asn1: syntax error: data truncated" }],
  ['pkcs8', h('3017020100300d06092a864886f70d01010105810403aabbcc'), { error: "asn1: syntax error: truncated tag or length" }],
  ['pkcs8', h('3016020100300c06092a864886f70d0101011f0403aabbcc'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['pkcs8', h('3017020100300d06092a864886f70d01010105020403aabbcc'), { error: "asn1: syntax error: data truncated" }],
  ['pkcs8', h('3019020100300f06092a864886f70d010101a00205000403aabbcc'), { fields: ['0', '1.2.840.113549.1.1.1', 'a0020500', 'aabbcc'], rest: 0 }],
  ['pkcs8', h('3014020101300d06092a864886f70d01010105000400'), { fields: ['1', '1.2.840.113549.1.1.1', '0500', ''], rest: 0 }],
  ['pkcs8', h('30140201ff300d06092a864886f70d01010105000400'), { fields: ['-1', '1.2.840.113549.1.1.1', '0500', ''], rest: 0 }],
  ['pkcs8', h('301002010006092a864886f70d0101010400'), { error: "asn1: structure error: tags don't match (16 vs {class:0 tag:6 length:9 isCompound:false})" }],
  ['pkcs8', h('3012020100300b26092a864886f70d0101010400'), { error: "asn1: structure error: tags don't match (6 vs {class:0 tag:6 length:9 isCompound:true})" }],
  ['ec', h('30070201010402aabb'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('30130201010402aabba00a06082a8648ce3d030107'), { fields: ['1', 'aabb', '1.2.840.10045.3.1.7', '0', ''], rest: 0 }],
  ['ec', h('301a0201010402aabba00a06082a8648ce3d030107a1050303000102'), { fields: ['1', 'aabb', '1.2.840.10045.3.1.7', '16', '0102'], rest: 0 }],
  ['ec', h('300e0201010402aabba1050303000102'), { fields: ['1', 'aabb', '', '16', '0102'], rest: 0 }],
  ['ec', h('300b0201010402aabba0020500'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('30090201010402aabba000'), { error: "asn1: structure error: explicit tag has no child" }],
  ['ec', h('30090201010402aabb8000'), { error: "asn1: structure error: explicit tag has no child" }],
  ['ec', h('300a0201010402aabb800100'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('30080201010402aabba0'), { error: "asn1: syntax error: truncated tag or length" }],
  ['ec', h('300a0201010402aabba00106'), { error: "asn1: syntax error: truncated tag or length" }],
  ['ec', h('300c0201010402aabba00306012a'), { fields: ['1', 'aabb', '1.2', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabba00206012a'), { fields: ['1', 'aabb', '1.2', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabba00106012a'), { fields: ['1', 'aabb', '1.2', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabba00506012a'), { fields: ['1', 'aabb', '1.2', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabba00326012a'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabba00346012a'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabba00306022a'), { error: "asn1: syntax error: data truncated" }],
  ['ec', h('300c0201010402aabba003060188'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['ec', h('300b0201010402aabba0030600'), { error: "asn1: syntax error: zero length OBJECT IDENTIFIER" }],
  ['ec', h('300a0201010402aabba0021f'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['ec', h('300b0201010402aabba1020500'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('300d0201010402aabba104030200ff'), { fields: ['1', 'aabb', '', '8', 'ff'], rest: 0 }],
  ['ec', h('30180201010402aabba00a06082a8648ce3d030107a00306012a'), { fields: ['1', 'aabb', '1.2.840.10045.3.1.7', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabba20306012a'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabba10306012a'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('30150201010402aabba00a06082a8648ce3d0301070500'), { error: "asn1: structure error: explicit tag has no child" }],
  ['ec', h('30090201010402aabb0500'), { error: "asn1: structure error: explicit tag has no child" }],
  ['ec', h('30090201010402aabba081'), { error: "asn1: syntax error: truncated tag or length" }],
  ['ec', h('300d0201010402aabba0810306012a'), { error: "asn1: structure error: non-minimal length" }],
  ['ec', h('300d0201010402aabbbf200306012a'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('300b0201010402aabba0030601'), { error: "asn1: syntax error: data truncated" }],
  ['ec', h('300b0201010402aabba1040302'), { error: "asn1: syntax error: data truncated" }],
  ['ec', h('3003020101'), { error: "asn1: syntax error: sequence truncated" }],
  ['ec', h('30070201010302aabb'), { error: "asn1: structure error: tags don't match (4 vs {class:0 tag:3 length:2 isCompound:false})" }],
  ['oid', h('0606ffffffffffff'), { error: "asn1: structure error: base 128 integer too large" }],
  ['oid', h('06058fffffffff'), { error: "asn1: syntax error: truncated base 128 integer" }],
  ['raw', h('1fffffffffffff00'), { error: "asn1: structure error: base 128 integer too large" }],
  ['raw', h('0484800000000000'), { error: "asn1: structure error: length too large" }],
  ['raw', h('04847fffffff'), { error: "asn1: syntax error: data truncated" }],
  ['pkcs8', h('30140401aa300d06092a864886f70d01010105000400'), { error: "asn1: structure error: tags don't match (2 vs {class:0 tag:4 length:1 isCompound:false})" }],
  ['ec', h('300c0201010402aabbe00306012a'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabb600306012a'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('300c0201010402aabb200306012a'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['ec', h('30100201010402aabb8000a1050303000102'), { error: "asn1: structure error: zero length explicit tag was not an asn1.Flag" }],
  ['ec', h('30110201010402aabb800106a1050303000102'), { fields: ['1', 'aabb', '', '0', ''], rest: 0 }],
  ['pkcs1', h('30280201010202010002030100010202010002020100020201000202010002020100020201003002b000'), { error: "asn1: structure error: sequence tag mismatch" }],
  ['pkcs1', h('302802010102020100020301000102020100020201000202010002020100020201000202010030021000'), { error: "asn1: structure error: sequence tag mismatch" }],
  ['pkcs1', h('302802010102020100020301000102020100020201000202010002020100020201000202010030023100'), { error: "asn1: structure error: sequence tag mismatch" }],
  ['pkcs1', h('30360201010202010002030100010202010002020100020201000202010002020100020201003010300c020201000202010002020100b000'), { error: "asn1: structure error: sequence tag mismatch" }],
];

const hex = (b: Uint8Array, start: number, end: number): string => Buffer.from(b.subarray(start, end)).toString('hex');

/** A big.Int's decimal value from its two's-complement contents. */
function signed(b: Uint8Array, start: number, end: number): string {
  let v = 0n;
  for (let i = start; i < end; i++) v = (v << 8n) | BigInt(b[i]);
  if (end > start && b[start] & 0x80) v -= 1n << BigInt((end - start) * 8);
  return v.toString();
}

type Step = () => string | string[] | { error: string };

/** One field's printed value, '-' (or `absent`) for an absent optional one, or the error. */
function show<T>(f: Field<T>, text: (v: T) => string, absent = '-'): string | { error: string } {
  if ('error' in f) return { error: f.error };
  return 'value' in f ? text(f.value) : absent;
}

/** Go's asn1.Unmarshal into `shape`, walked with go/unmarshal.ts, printed as the rows print Go's. */
function unmarshal(shape: Shape, b: Buffer): Result {
  if (shape === 'raw' || shape === 'oid') {
    const r = new StructReader(b, 0, b.length);
    if (shape === 'oid') {
      const o = r.oid();
      if ('error' in o) return { error: o.error };
      assert.ok('value' in o);
      return { fields: [o.value], rest: r.end - r.offset };
    }
    const v = r.raw();
    if ('error' in v) return { error: v.error };
    assert.ok('value' in v);
    const t = parseTagAndLength(b, v.value.start, v.value.end);
    assert.ok(!('error' in t));
    return { fields: [String(t.cls), String(t.tag), String(t.compound), hex(b, t.offset, t.offset + t.length)], rest: r.end - r.offset };
  }
  const top = unmarshalStruct(b);
  if ('error' in top) return { error: top.error };
  const r = top.reader;
  const int: Step = () => show(r.int(), (v) => v.toString());
  const bigInt = (optional = false): Step => () => show(r.bigInt(optional), (v) => signed(b, v.start, v.end));
  const octets: Step = () => show(r.octets(), (v) => Buffer.from(v).toString('hex'));
  const steps: Step[] = [];
  if (shape === 'pkcs1') {
    // Version int, N *big.Int, E int, D, P, Q *big.Int, Dp, Dq, Qinv optional, AdditionalPrimes optional.
    steps.push(int, bigInt(), int, bigInt(), bigInt(), bigInt(), bigInt(true), bigInt(true), bigInt(true));
    steps.push(() => {
      const primes = r.sequenceOf((p: StructReader): Field<string> => {
        const prime = p.bigInt();
        if (!('value' in prime)) return prime;
        for (let i = 0; i < 2; i++) {
          const x = p.bigInt();
          if (!('value' in x)) return x;
        }
        return { value: 'prime:' + signed(b, prime.value.start, prime.value.end) };
      });
      if ('error' in primes) return { error: primes.error };
      return 'value' in primes ? primes.value : [];
    });
  } else if (shape === 'pkcs8') {
    // Version int, Algo { Algorithm ObjectIdentifier, Parameters RawValue optional }, PrivateKey []byte.
    steps.push(int, () => {
      const algo = r.struct();
      if ('error' in algo) return { error: algo.error };
      assert.ok('value' in algo);
      const oid = algo.value.oid();
      if ('error' in oid) return { error: oid.error };
      assert.ok('value' in oid);
      const params = show(algo.value.raw(true), (v) => hex(b, v.start, v.end), '');
      return typeof params === 'string' ? [oid.value, params] : params;
    }, octets);
  } else {
    // Version int, PrivateKey []byte, [0] EXPLICIT ObjectIdentifier optional, [1] EXPLICIT BitString optional.
    steps.push(int, octets, () => {
      const curve = r.explicit(0, 'oid');
      if ('error' in curve) return { error: curve.error };
      if (!('value' in curve)) return '';
      return show(parseOid(b, curve.value.start, curve.value.end), (v) => v, '');
    }, () => {
      const pub = r.explicit(1, 'bitString');
      if ('error' in pub) return { error: pub.error };
      if (!('value' in pub)) return ['0', ''];
      // The rows hold valid BIT STRINGs only: a padding octet, then the bits.
      return [String((pub.value.end - pub.value.start - 1) * 8 - b[pub.value.start]), hex(b, pub.value.start + 1, pub.value.end)];
    });
  }
  const fields: string[] = [];
  for (const step of steps) {
    const v = step();
    if (typeof v === 'string') fields.push(v);
    else if (Array.isArray(v)) fields.push(...v);
    else return v;
  }
  return { fields, rest: b.length - top.rest };
}

describe('encoding/asn1.Unmarshal (go/unmarshal.ts) against Go', () => {
  for (const [shape, bytes, expected] of UNMARSHALS) {
    const shown = bytes.length > 24 ? `${bytes.subarray(0, 12).toString('hex')}... (${bytes.length} bytes)` : bytes.toString('hex') || 'nothing';
    it(`${shape} from ${shown} as Go reads it`, () => {
      assert.deepStrictEqual(unmarshal(shape, bytes), expected);
    });
  }

  it("gives encoding/asn1's internal error for a tag and length read at the very end of the data", () => {
    assert.deepStrictEqual(parseTagAndLength(h('0400'), 2, 2), { error: 'asn1: internal error in parseTagAndLength' });
  });
});
