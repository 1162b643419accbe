import * as net from 'node:net';

export interface ProxyConnection {
  id: number;
  /** Bytes the server sent so far on this connection. */
  fromServer: number;
  /** Everything the server sent, as text (IMAP responses are mostly ASCII). */
  serverText: string;
  cut(): void;
}

export interface TcpProxy {
  port: number;
  connections: ProxyConnection[];
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a test server, to cut a connection at an exact point of the
 * conversation (`onServerData` sees each chunk after it was forwarded) or to slow the server's
 * answers down (`delayMs` per chunk) so a test can act in the middle of a long transfer.
 */
export async function startProxy(
  targetPort: number,
  opts: {
    onServerData?: (c: ProxyConnection, chunk: Buffer) => void;
    /** Pause before forwarding each piece of the server's data. */
    delayMs?: number;
    /** Forward the server's data in pieces of at most this size (a slow line, whatever the sizes). */
    chunkBytes?: number;
  } = {},
): Promise<TcpProxy> {
  const connections: ProxyConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const conn: ProxyConnection = {
      id: connections.length + 1,
      fromServer: 0,
      serverText: '',
      cut: () => {
        client.destroy();
        upstream.destroy();
      },
    };
    connections.push(conn);
    let chain = Promise.resolve();
    upstream.on('data', (data: Buffer) => {
      if (opts.delayMs) upstream.pause();
      chain = chain.then(async () => {
        const size = opts.chunkBytes ?? data.length;
        for (let at = 0; at < data.length; at += size) {
          const chunk = data.subarray(at, at + size);
          if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
          if (client.destroyed) return;
          client.write(chunk);
          conn.fromServer += chunk.length;
          conn.serverText += chunk.toString('latin1');
          if (conn.serverText.length > 1_000_000) conn.serverText = conn.serverText.slice(-100_000);
          opts.onServerData?.(conn, chunk);
        }
        if (opts.delayMs) upstream.resume();
      });
    });
    client.on('data', (chunk) => upstream.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', () => void chain.then(end));
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
