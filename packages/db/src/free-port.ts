import net from 'node:net';

/** A TCP port on the loopback that nothing listens on right now (for throw-away servers). */
export function freePort(): Promise<number> {
  return listenAndClose(0);
}

/** `preferred` when nothing listens on it (another clone's server may), else any free port. */
export async function freePortOr(preferred: number): Promise<number> {
  return listenAndClose(preferred).catch(() => freePort());
}

function listenAndClose(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}
