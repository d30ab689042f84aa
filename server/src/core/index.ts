/** The certs.d core: no editor, no protocol. Front ends (CLI, language server) import from here. */
export * from './check';
export * from './engines';
export * from './facts';
export * from './findings';
export * from './fsview';
export * from './roots';
export * from './tree';
export * from './verdict';
export { RULES } from './rules';
export type { Rule, HostRule, RootRule, CheckSettings } from './rules';
