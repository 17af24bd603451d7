/**
 * Asks the server's own parser whether migration text parses, without running any of it, so the
 * apply path can confirm a part split by the lexical scan (part/scanned-part.ts) without loading
 * the bundled parser. The text becomes the body of a temporary SQL function taking a polymorphic
 * argument: for such a function PostgreSQL's validator runs the body through the raw parser only
 * (no name lookup: the tables a migration creates need not exist), with `check_function_bodies`
 * on. It is created in a transaction that is rolled back: nothing is left behind, nothing waits
 * for a commit, and nothing is logged as an error when the text parses. One round trip per part.
 * It is still DDL: `log_statement = ddl` logs it and event triggers see it (and may refuse it).
 *
 * Anything but a clean answer is "no" (a syntax error, no TEMP privilege, a read-only server, an
 * event trigger refusing it, a session busy in a transaction): prepare.ts then uses the bundled
 * parser, which gives today's answer and error. The server parser is the one that will run the
 * statements, so it may accept syntax newer than the bundled PostgreSQL 17 parser knows.
 */
import type { Sessions } from '../connection/sessions.js';
import { send } from './step-session.js';

const FUNCTION = 'pg_temp.godwit_syntax_probe(anyelement)';

export async function serverParses(sessions: Sessions, texts: string[]): Promise<boolean> {
  let session: Awaited<ReturnType<Sessions['main']>>;
  try {
    session = await sessions.main();
  } catch {
    return false; // the bundled parser needs no connection; the run reports the connection itself
  }
  // Only on an idle session: its BEGIN ... ROLLBACK must not touch a transaction of anyone else's.
  if (session.lost || session.client.getTransactionStatus() !== 'I') return false;
  const body = texts.join('\n;\n');
  const quote = dollarQuote(body);
  try {
    await send(session, [
      'BEGIN',
      'SET LOCAL check_function_bodies = on',
      `CREATE FUNCTION ${FUNCTION} RETURNS void LANGUAGE sql AS ${quote}\n${body}\n${quote}`,
      'ROLLBACK',
    ]);
    return true;
  } catch {
    if (!session.lost && session.client.getTransactionStatus() !== 'I') await send(session, ['ROLLBACK']).catch(() => undefined);
    return false;
  }
}

/** A dollar quote whose tag does not occur in `body`. */
function dollarQuote(body: string): string {
  let tag = 'godwit_syntax';
  for (let n = 1; body.includes(`$${tag}$`); n++) tag = `godwit_syntax_${n}`;
  return `$${tag}$`;
}
