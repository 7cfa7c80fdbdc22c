// Integration tests — the embedded Temporal dev server survives losing its freshly picked port to another process
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { findFreePorts } from '../../server/free-port';

function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      resolve({ server, port: (server.address() as { port: number }).port });
    });
  });
}

describe('embedded dev server: a port race', () => {
  let server: DevServer | undefined;
  const held: Server[] = [];
  after(async () => {
    await server?.stop();
    for (const socket of held) socket.close();
  });

  it('a picked port taken before the server binds it → the server starts on another port, with one line said', async () => {
    // The picker hands out a port another process holds (as if taken between pick and bind), twice in a row.
    const taken: number[] = [];
    let picks = 0;
    const pickPorts = async (count: number, ip: string) => {
      picks++;
      if (picks > 2) return findFreePorts(count, ip);
      const { server: holder, port } = await occupy();
      held.push(holder);
      taken.push(port);
      return [port, ...(await findFreePorts(count - 1, ip))];
    };
    const lines: string[] = [];
    server = await startDevServer({ uiPort: false, pickPorts, log: (line) => lines.push(line) });
    assert.equal(picks, 3);
    assert.ok(!taken.includes(server.port), `started on ${server.port}, not on a taken port (${taken.join(', ')})`);
    const said = lines.filter((line) => /taken/.test(line));
    assert.equal(said.length, 1, lines.join('\n'));
    assert.match(
      said[0]!,
      /port 127\.0\.0\.1:\d+ was taken before the server bound it: starting the Temporal dev server on other ports/,
    );
    const connection = await Connection.connect({ address: server.address });
    try {
      assert.equal((await connection.healthService.check({})).status, 1);
    } finally {
      await connection.close();
    }
  });
});
