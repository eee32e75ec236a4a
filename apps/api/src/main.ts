import { createDb, DataDirUnreachableError, openDatabase } from '@harbour/db';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { bootstrapAdmin } from './bootstrap';
import { loadConfig } from './config';
import { createModuleRegistry } from './modules';
import { startScheduler } from './scheduler';

/** The server entry: configuration, database, the app, and a graceful shutdown. */
async function main() {
  const config = loadConfig();
  const registry = createModuleRegistry();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    apiDatabaseUrl: config.apiDatabaseUrl,
    dataDir: `${config.dataDir}/postgres`,
    embeddedPort: config.embeddedPort,
  });
  const ownerDb = createDb({ url: database.ownerUrl, max: 2, applicationName: 'harbour-owner' });
  const db = createDb({ url: database.apiUrl, max: 20, applicationName: 'harbour-api' });

  const admin = await bootstrapAdmin(ownerDb, config);
  const app = await buildApp({ config, db, registry });
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

  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    scheduler.stop();
    await app.close();
    await db.destroy();
    await ownerDb.destroy();
    await database.close();
  });

  await app.listen({ port: config.port, host: config.host });
  const where = database.embedded ? `embedded PostgreSQL on port ${database.embedded.port}` : 'DATABASE_URL';
  process.stdout.write(
    `Harbour is running on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (${where})\n`,
  );
}

main().catch((error) => {
  if (error instanceof DataDirUnreachableError || String(error?.message).startsWith('Configuration error')) {
    process.stderr.write(`\n${error.message}\n\n`);
  } else {
    process.stderr.write(`Harbour could not start: ${error?.stack ?? error}\n`);
  }
  process.exit(1);
});
