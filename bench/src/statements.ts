/**
 * Where PostgreSQL's time goes, statement by statement, from `pg_stat_statements` (loaded by the
 * benchmark's embedded server; on another server only where its administrator loaded it).
 * Execution and planning time are wall time inside the server: close to CPU time when nothing
 * waits on a lock or the disk, which the benchmark's fresh cases make rare.
 */
import pg from 'pg';

export type StatementCost = {
  query: string;
  /** Executions a request. */
  calls: number;
  /** Milliseconds a request: execution and planning. */
  execMs: number;
  planMs: number;
  /** Run by another statement (a trigger or a function), so already inside its caller's time. */
  nested: boolean;
};

async function withOwner<T>(ownerUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Whether the server keeps statement statistics for this database. */
export async function statementsAvailable(ownerUrl: string): Promise<boolean> {
  return withOwner(ownerUrl, async (client) => {
    try {
      await client.query('create extension if not exists pg_stat_statements');
      await client.query('select pg_stat_statements_reset()');
      return true;
    } catch {
      return false;
    }
  });
}

export async function resetStatements(ownerUrl: string): Promise<void> {
  await withOwner(ownerUrl, (client) => client.query('select pg_stat_statements_reset()'));
}

/**
 * The API role's statements since the last reset, and the statements run inside them (triggers
 * and functions that run as their owner), per request, costliest first.
 */
export async function statementCosts(ownerUrl: string, requests: number): Promise<StatementCost[]> {
  return withOwner(ownerUrl, async (client) => {
    const { rows } = await client.query<{
      query: string;
      calls: number;
      exec: number;
      plan: number;
      toplevel: boolean;
    }>(
      `select query, calls, total_exec_time as exec, total_plan_time as plan, toplevel
         from pg_stat_statements s join pg_roles r on r.oid = s.userid
        where s.dbid = (select oid from pg_database where datname = current_database())
          and (r.rolname = 'harbour_api' or not s.toplevel)
        order by total_exec_time + total_plan_time desc`,
    );
    return rows.map((r) => ({
      query: r.query,
      calls: r.calls / requests,
      execMs: r.exec / requests,
      planMs: r.plan / requests,
      nested: !r.toplevel,
    }));
  });
}

/** The statements that take at least `floorMs` a request, one line each, then the total of the top level. */
export function formatStatementCosts(costs: StatementCost[], floorMs = 0.01): string[] {
  const topLevel = costs.filter((c) => !c.nested);
  const total = topLevel.reduce((sum, c) => sum + c.execMs + c.planMs, 0);
  const lines = [
    `  PostgreSQL, each statement (pg_stat_statements, ms a request: execute + plan; "in" = inside a statement above): top level ${total.toFixed(3)} ms`,
  ];
  for (const c of costs) {
    if (c.execMs + c.planMs < floorMs) continue;
    const text = c.query.replace(/\s+/g, ' ').slice(0, 110);
    lines.push(
      `    ${c.nested ? 'in ' : ''}${(c.execMs + c.planMs).toFixed(3)} ms (${c.execMs.toFixed(3)} + ${c.planMs.toFixed(3)}), ${c.calls.toFixed(2)}×: ${text}`,
    );
  }
  return lines;
}
