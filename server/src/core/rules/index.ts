/** Every rule, in the order their findings are listed for one file. Adding a rule: one file, one line here. */
import { bom } from './bom';
import { caAsCert } from './caAsCert';
import { caUnusable } from './caUnusable';
import { clientEku } from './clientEku';
import { cnWithoutSan } from './cnWithoutSan';
import { derOriginal } from './derOriginal';
import { expired } from './expired';
import { expiring } from './expiring';
import { fileInRoot } from './fileInRoot';
import { fileInSubfolder } from './fileInSubfolder';
import { hostFolderShadowed } from './hostFolderShadowed';
import { hostNameNotFolder } from './hostNameNotFolder';
import { hostsTomlFile } from './hostsTomlFile';
import { hostsTomlHostDropped } from './hostsTomlHostDropped';
import { hostsTomlIgnored } from './hostsTomlIgnored';
import { hostsTomlShadows } from './hostsTomlShadows';
import { hostsTomlUnknownKey } from './hostsTomlUnknownKey';
import { hostsTomlBadUrl } from './hostsTomlUrl';
import { hostsTomlV2Path } from './hostsTomlV2Path';
import { ignoredExtension } from './ignoredExtension';
import { keyPair } from './keyPair';
import { keyPermissions } from './keyPermissions';
import { misnamedRoot } from './misnamedRoot';
import { missingClientCert } from './missingClientCert';
import { missingKey } from './missingKey';
import { nonCaRoot } from './nonCaRoot';
import { notYetValid } from './notYetValid';
import { port443 } from './port443';
import { readError } from './readError';
import { rootShadowed } from './rootShadowed';
import { Rule } from './rule';
import { sanMismatch } from './sanMismatch';
import { serverKey } from './serverKey';
import { unusedHost } from './unusedHost';
import { weakKey } from './weakKey';
import { weakSignature } from './weakSignature';

export const RULES: readonly Rule[] = [
  misnamedRoot,
  fileInRoot,
  port443,
  unusedHost,
  hostFolderShadowed,
  hostNameNotFolder,
  rootShadowed,
  readError,
  missingKey,
  caAsCert,
  missingClientCert,
  serverKey,
  keyPair,
  caUnusable,
  bom,
  ignoredExtension,
  derOriginal,
  fileInSubfolder,
  hostsTomlIgnored,
  hostsTomlShadows,
  hostsTomlUnknownKey,
  hostsTomlFile,
  hostsTomlHostDropped,
  hostsTomlBadUrl,
  hostsTomlV2Path,
  expired,
  notYetValid,
  expiring,
  weakKey,
  weakSignature,
  cnWithoutSan,
  sanMismatch,
  clientEku,
  nonCaRoot,
  keyPermissions,
];

export type { Rule, HostRule, RootRule, OrderRule, CheckSettings } from './rule';
