import { createDb, DataDirUnreachableError, type EmbeddedServer, openDatabase } from '@harbour/db';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from './app';
import { bootstrapAdmin } from './bootstrap';
import { databaseConfigOf, loadConfig } from './config';
import { createModuleRegistry } from './modules';
import { startScheduler } from './scheduler';

/** The server entry: configuration, database, the app, and a graceful shutdown. */
async function main() {
  const config = loadConfig();
  const registry = createModuleRegistry({ textPackFile: config.textPackFile });
  const database = await openDatabase(databaseConfigOf(config));
  const ownerDb = createDb({ url: database.ownerUrl, max: 2, applicationName: 'harbour-owner' });
  // a report reads on several connections at once: its own snapshot's, its national benchmarks'
  const db = createDb({ url: database.apiUrl, max: 20, keep: 6, applicationName: 'harbour-api' });
  const readDb = config.readDatabaseUrl
    ? createDb({ url: config.readDatabaseUrl, max: 10, keep: 6, applicationName: 'harbour-api-read' })
    : undefined;

  const admin = await bootstrapAdmin(ownerDb, config);
  const app = await buildApp({ config, db, ...(readDb ? { readDb } : {}), registry });
  if (admin.created && admin.oneTimePassword) {
    // Printed once, to the console only (never to the log stream): it must be changed at first sign-in.
    process.stdout.write(
      `\nFirst platform admin created.\n  email:    ${admin.email}\n  password: ${admin.oneTimePassword}\n` +
        'This one-time password is shown once and must be changed at first sign-in.\n\n',
    );
  } else if (admin.created) {
    app.log.info({ email: admin.email }, 'first platform admin created from HARBOUR_ADMIN_EMAIL');
  }
  const scheduler = startScheduler({ app, ownerDb });

  stopOnSignal(async () => {
    scheduler.stop();
    await app.close();
    await db.destroy();
    await readDb?.destroy();
    await ownerDb.destroy();
    await database.close();
  }, app.log);

  await app.listen({ port: config.port, host: config.host });
  if (database.embedded) process.stdout.write(`${dataLine(database.embedded)}\n`);
  const where = database.embedded ? `embedded PostgreSQL on port ${database.embedded.port}` : 'DATABASE_URL';
  process.stdout.write(`Harbour is running on ${app.publicUrl()} (${where})\n`);
}

/** One line saying where the embedded database keeps its data, and why when it is not the usual place. */
function dataLine(embedded: EmbeddedServer): string {
  const moved = embedded.relocatedFrom;
  if (!moved) return `Data: ${embedded.dataDir}`;
  const why = moved.blocker
    ? `the postgres user cannot pass through ${moved.blocker}`
    : 'where an earlier start put it';
  return `Data: ${embedded.dataDir} (not ${moved.dataDir}: ${why})`;
}

/**
 * Ctrl-C and SIGTERM (and an uncaught error) stop the server once: requests finish, connections
 * close, then the embedded PostgreSQL shuts down. Ctrl-C reaches this process twice (from the
 * terminal and again forwarded by npm), so repeats while stopping are ignored; a stop that hangs
 * ends the process after 10 s.
 */
function stopOnSignal(stop: () => Promise<void>, log: FastifyBaseLogger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals | 'error', err?: unknown) => {
    if (err) log.error({ err }, 'stopping after an error');
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    setTimeout(() => {
      log.error('stopping took longer than 10 s, exiting');
      process.exit(1);
    }, 10_000).unref();
    stop().then(
      () => process.exit(err ? 1 : 0),
      (err) => {
        log.error({ err }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  // Node passes a signal's number as the second argument, which is no error: not passed on
  process.on('SIGINT', (signal) => onSignal(signal));
  process.on('SIGTERM', (signal) => onSignal(signal));
  process.on('uncaughtException', (err) => onSignal('error', err));
}

main().catch((error) => {
  if (error instanceof DataDirUnreachableError || String(error?.message).startsWith('Configuration error')) {
    process.stderr.write(`\n${error.message}\n\n`);
  } else {
    process.stderr.write(`Harbour could not start: ${error?.stack ?? error}\n`);
  }
  process.exit(1);
});
