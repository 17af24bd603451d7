/** Test helper: lint files written into a fresh temporary folder (the real folder source reads them). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolderSource } from '@godwit/core';
import type { Finding, LintOptions } from '../contract.js';
import { lintMigrations } from '../engine.js';

export async function lintFiles(files: Record<string, string>, options: Partial<LintOptions> = {}): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'godwit-lint-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const migrations = await createFolderSource({ dir, env: {} }).list();
  const report = await lintMigrations(migrations, { dialect: 'postgres', ...options });
  return report.findings.map((f) => ({ ...f, file: f.file.slice(dir.length + 1) }));
}

/** The rule ids found, in order. */
export async function rulesFound(files: Record<string, string>, options: Partial<LintOptions> = {}): Promise<string[]> {
  return (await lintFiles(files, options)).map((f) => f.rule);
}

/** A goose file with the given up section. */
export function goose(up: string, opts: { noTransaction?: boolean } = {}): string {
  return `${opts.noTransaction ? '-- +goose NO TRANSACTION\n' : ''}-- +goose Up\n${up}\n`;
}
