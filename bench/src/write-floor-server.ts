/**
 * The least web write, for the recording and import benchmarks to be read against
 * (write-floor.ts): a bare Fastify server, run as its own process like the API so that its CPU
 * can be read from /proc. No session, row-level security, validation, case, audit or derived
 * table: what a save or an import over HTTP costs at the least, with the same HTTP server,
 * database driver and PostgreSQL as Harbour's.
 *
 * - `PUT /insert/:id` stores the request's answers in one insert, its own transaction, one round trip;
 * - `PUT /echo/:id` only parses the body and answers;
 * - `POST /import` takes JSON lines and stores them all in one insert, each parsed by PostgreSQL as jsonb.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { FLOOR_TABLES } from './write-floor-tables';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const app = Fastify({ bodyLimit: 20 * 1024 * 1024 });
app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body));

type Save = { Params: { id: string }; Body: { answers?: unknown } };

app.put<Save>('/echo/:id', async (request) => ({ id: request.params.id, revision: 1 }));

app.put<Save>('/insert/:id', async (request) => {
  const { rows } = await pool.query<{ revision: number }>({
    name: 'insert',
    text: `insert into ${FLOOR_TABLES.saves} (id, answers) values ($1, $2) returning revision`,
    values: [request.params.id, JSON.stringify(request.body.answers ?? null)],
  });
  return { id: request.params.id, revision: rows[0]?.revision };
});

app.post<{ Body: string }>('/import', async (request) => {
  // the body goes as it came, in one parameter: PostgreSQL splits it and parses each line as jsonb
  const { rowCount } = await pool.query({
    name: 'import',
    text: `insert into ${FLOOR_TABLES.imports} (line)
           select line::jsonb from regexp_split_to_table($1, '\n') as line where line <> ''`,
    values: [request.body],
  });
  return { imported: rowCount };
});

process.once('SIGTERM', () => {
  void app.close().then(() => pool.end());
});

app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) }).then(
  () => process.stdout.write('ready\n'),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
