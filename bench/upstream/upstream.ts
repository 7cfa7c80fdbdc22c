/**
 * The one fake upstream every system calls: `sim/fake-provider.ts` in a child process of its own, so its work
 * is not mixed into the event loop of the harness (which hosts the Temporal client and worker).
 */
import type { FakeCall } from '../../sim/fake-types';
import { spawnChild, waitForLine } from '../util/child';
import type { ModelSpec } from './models';

export interface Upstream {
  /** `http://127.0.0.1:PORT/v1`. */
  baseURL: string;
  /** The call log (`GET /__calls`). */
  calls(): Promise<FakeCall[]>;
  /** Empties the call log (`DELETE /__calls`). */
  clearCalls(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the upstream with the given models (ids as sent in requests' `model`). */
export async function startUpstream(models: Record<string, ModelSpec>): Promise<Upstream> {
  const child = spawnChild(process.execPath, [require.resolve('./upstream-main'), JSON.stringify(models)]);
  const port = await waitForLine(
    child,
    (line) => {
      try {
        return (JSON.parse(line) as { port?: number }).port;
      } catch {
        return undefined;
      }
    },
    15_000,
    'fake upstream',
  ).catch(async (error: unknown) => {
    await child.stop();
    throw error;
  });
  const root = `http://127.0.0.1:${port}`;
  return {
    baseURL: `${root}/v1`,
    async calls() {
      const response = await fetch(`${root}/__calls`);
      if (!response.ok) throw new Error(`fake upstream: GET /__calls answered ${response.status}`);
      return (await response.json()) as FakeCall[];
    },
    async clearCalls() {
      await (await fetch(`${root}/__calls`, { method: 'DELETE' })).arrayBuffer();
    },
    stop: () => child.stop(),
  };
}

/** The text of a call's messages, for finding the calls of one request by the marker it carries. */
export function callText(call: FakeCall): string {
  const body = call.body as { messages?: Array<{ content?: unknown }> } | null;
  return (body?.messages ?? [])
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
    .join('\n');
}
