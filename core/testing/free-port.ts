import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback port the OS just gave out and took back: free now, for a listener asked for it by number. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
