/**
 * What a parsed statement means for transactions: whether PostgreSQL refuses to run it inside a
 * transaction block, and whether it is itself transaction control (the file manages its own
 * transaction). Decided from the parse tree, never from a regular expression over the text.
 */
import type { TransactionControlKind } from '@godwit/core';
import { kindOf, type StatementNode } from './split.js';

/** Server version (server_version_num) from which ALTER TYPE ... ADD VALUE may run in a transaction. */
const ADD_VALUE_IN_TRANSACTION = 120000;

/**
 * The name of the command when `node` cannot run inside a transaction block, e.g.
 * `CREATE INDEX CONCURRENTLY`; undefined when it can. `serverVersion` matters only for
 * `ALTER TYPE ... ADD VALUE`, which older servers (before 12) refuse in a transaction.
 */
export function outsideTransactionOnly(node: StatementNode, serverVersion?: number): string | undefined {
  const kind = kindOf(node);
  const body = node[kind] ?? {};
  switch (kind) {
    case 'IndexStmt':
      return body.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return body.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt': {
      if (hasOption(body.params, 'concurrently')) return 'REINDEX CONCURRENTLY';
      const target = String(body.kind ?? '');
      if (target === 'REINDEX_OBJECT_SCHEMA' || target === 'REINDEX_OBJECT_DATABASE' || target === 'REINDEX_OBJECT_SYSTEM') {
        return `REINDEX ${target.replace('REINDEX_OBJECT_', '')}`;
      }
      return undefined;
    }
    case 'VacuumStmt':
      // VACUUM cannot; a bare ANALYZE can.
      return body.is_vacuumcmd ? 'VACUUM' : undefined;
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    case 'AlterDatabaseStmt':
      return hasOption(body.options, 'tablespace') ? 'ALTER DATABASE ... SET TABLESPACE' : undefined;
    case 'ClusterStmt':
      // CLUSTER without a table reclusters every table, which needs its own transactions.
      return body.relation ? undefined : 'CLUSTER (all tables)';
    case 'CreateSubscriptionStmt':
      // Creating the replication slot (the default) cannot happen inside a transaction.
      return optionIsFalse(body.options, 'create_slot') || optionIsFalse(body.options, 'connect')
        ? undefined
        : 'CREATE SUBSCRIPTION';
    case 'AlterTableStmt':
      return detachConcurrently(body.cmds) ? 'ALTER TABLE ... DETACH PARTITION CONCURRENTLY' : undefined;
    case 'AlterEnumStmt':
      return body.newVal !== undefined && serverVersion !== undefined && serverVersion < ADD_VALUE_IN_TRANSACTION
        ? 'ALTER TYPE ... ADD VALUE (before PostgreSQL 12)'
        : undefined;
    case 'TransactionStmt': {
      const t = String(body.kind ?? '');
      return t === 'TRANS_STMT_COMMIT_PREPARED' || t === 'TRANS_STMT_ROLLBACK_PREPARED' ? 'COMMIT/ROLLBACK PREPARED' : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether an ALTER TYPE ... ADD VALUE is present, so the server version must be known. */
export function needsServerVersion(node: StatementNode): boolean {
  const body = node.AlterEnumStmt;
  return body !== undefined && body.newVal !== undefined;
}

/**
 * Whether a statement's parse tree can change how its step runs (needs the server version, cannot
 * run in a transaction, or is transaction control). Only these trees are kept by prepare.
 */
export function affectsTransaction(node: StatementNode): boolean {
  return needsServerVersion(node) || transactionControl(node) !== undefined || outsideTransactionOnly(node) !== undefined;
}

/**
 * What a statement does to the transaction, in core's terms (see @godwit/core's
 * fileTransactions): `begin` for a plain BEGIN / START TRANSACTION, `begin-as-written` when it sets
 * options Godwit's own transaction would not have (isolation level, READ ONLY, DEFERRABLE),
 * `commit` for COMMIT / END, `rollback` for ROLLBACK / ABORT, `other` for PREPARE TRANSACTION and
 * AND CHAIN; undefined otherwise (SAVEPOINT, RELEASE and ROLLBACK TO stay inside the transaction).
 */
export function transactionControl(node: StatementNode): TransactionControlKind | undefined {
  const body = node.TransactionStmt;
  if (!body) return undefined;
  switch (String(body.kind ?? '')) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return Array.isArray(body.options) && body.options.length > 0 ? 'begin-as-written' : 'begin';
    case 'TRANS_STMT_COMMIT':
      return body.chain === true ? 'other' : 'commit';
    case 'TRANS_STMT_ROLLBACK':
      return body.chain === true ? 'other' : 'rollback';
    case 'TRANS_STMT_PREPARE':
      return 'other';
    default:
      return undefined;
  }
}

function defElems(list: unknown): Array<{ defname?: string; arg?: unknown }> {
  if (!Array.isArray(list)) return [];
  return list
    .map((item) => (item as { DefElem?: { defname?: string; arg?: unknown } }).DefElem)
    .filter((d): d is { defname?: string; arg?: unknown } => d !== undefined);
}

function hasOption(list: unknown, name: string): boolean {
  return defElems(list).some((d) => d.defname?.toLowerCase() === name);
}

function optionIsFalse(list: unknown, name: string): boolean {
  const d = defElems(list).find((e) => e.defname?.toLowerCase() === name);
  if (!d) return false;
  const arg = d.arg as { Boolean?: { boolval?: boolean }; String?: { sval?: string }; Integer?: { ival?: number } } | undefined;
  if (arg?.Boolean) return arg.Boolean.boolval !== true;
  if (arg?.String) return ['false', 'off', 'no', '0'].includes(String(arg.String.sval).toLowerCase());
  if (arg?.Integer) return !arg.Integer.ival;
  return false;
}

function detachConcurrently(cmds: unknown): boolean {
  if (!Array.isArray(cmds)) return false;
  return cmds.some((c) => {
    const cmd = (c as { AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } } }).AlterTableCmd;
    return cmd?.subtype === 'AT_DetachPartition' && cmd.def?.PartitionCmd?.concurrent === true;
  });
}
