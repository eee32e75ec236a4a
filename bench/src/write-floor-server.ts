/**
 * The least web write, for the recording benchmark to be read against (write-floor.ts): a bare
 * Fastify server, run as its own process like the API so that its CPU can be read from /proc.
 * `PUT /insert/:id` writes the request's answers in one insert, in a transaction of its own, in
 * one round trip; `PUT /echo/:id` only parses the body and answers. No session, row-level
 * security, validation, case, audit or derived table: what any save over HTTP costs at the
 * least, with the same HTTP server, database driver and PostgreSQL as Harbour's.
 */
import Fastify from 'fastify';
import pg from 'pg';

const table = process.env.FLOOR_TABLE ?? '';
if (!/^[a-z_]+$/.test(table)) throw new Error('FLOOR_TABLE must name the table to write');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const app = Fastify({ bodyLimit: 1024 * 1024 });

type Save = { Params: { id: string }; Body: { answers?: unknown } };

app.put<Save>('/echo/:id', async (request) => ({ id: request.params.id, revision: 1 }));

app.put<Save>('/insert/:id', async (request) => {
  const { rows } = await pool.query<{ revision: number }>({
    name: 'insert',
    text: `insert into ${table} (id, answers) values ($1, $2) returning revision`,
    values: [request.params.id, JSON.stringify(request.body.answers ?? null)],
  });
  return { id: request.params.id, revision: rows[0]?.revision };
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
