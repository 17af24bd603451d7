export type { Finding, LintReport, LintOptions, LintSettings, Severity, Dialect, DatabaseFacts, TableSize } from './contract.js';
export { lintMigrations, DEFAULT_SMALL_TABLE_ROWS } from './engine.js';
export { RULES, ruleInfo, type RuleInfo } from './rules.js';
export { formatText, summary } from './format/text.js';
export { lintJson } from './format/json.js';
export { formatGithub } from './format/github.js';
export { lintSarif } from './format/sarif.js';
export { readPostgresFacts, factsFrom } from './postgres/facts.js';
export { changesSince, migrationPaths, type BranchChanges } from './git/since.js';
