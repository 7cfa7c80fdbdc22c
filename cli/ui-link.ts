/**
 * Where the Temporal Web UI shows what a command started: `run`, `batch`, `agent start` and `serve` print the link.
 * Pure: which UI, from the flag, the config, the server this process started, or what the address says.
 */
import { DEFAULT_DEV_PORT, DEFAULT_UI_PORT } from './options';

export interface UiSource {
  /** `--ui-url`. */
  flag?: string;
  /** The config's `temporal.uiUrl`. */
  config?: string;
  /** The UI of the dev server this process started (none when headless). */
  embedded?: string;
  /** The frontend this process talks to, `host:port`. */
  address: string;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/;

/**
 * The UI's base URL: the flag, else the config, else the embedded server's; else Temporal Cloud's for a
 * `*.tmprl.cloud` address, else `llm-cascade dev`'s (and `temporal server start-dev`'s) 8233 for a loopback 7233;
 * else none (a self-hosted cluster's UI is wherever its operators put it: `temporal.uiUrl` says).
 */
export function uiBaseUrl(source: UiSource): string | undefined {
  const given = source.flag ?? source.config ?? source.embedded;
  if (given) return given.replace(/\/+$/, '');
  const at = source.address.lastIndexOf(':');
  const host = at > 0 ? source.address.slice(0, at) : source.address;
  const port = at > 0 ? Number(source.address.slice(at + 1)) : NaN;
  if (/\.tmprl\.cloud$/i.test(host)) return 'https://cloud.temporal.io';
  if (LOOPBACK.test(host) && port === DEFAULT_DEV_PORT) return `http://localhost:${DEFAULT_UI_PORT}`;
  return undefined;
}

/** The page of one workflow. */
export function workflowLink(base: string, namespace: string, workflowId: string): string {
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** The namespace's workflow list, filtered by a visibility query (e.g. the gateway's task queue). */
export function workflowListLink(base: string, namespace: string, query?: string): string {
  const list = `${base}/namespaces/${encodeURIComponent(namespace)}/workflows`;
  return query ? `${list}?query=${encodeURIComponent(query)}` : list;
}

/**
 * The UI base for a command's Temporal session: a dev server this process started has only its own UI (none when
 * headless: it stops with the command); otherwise {@link uiBaseUrl}.
 */
export function sessionUiBase(
  given: { flag?: string; config?: string },
  session: { address: string; uiUrl?: string; server?: unknown },
): string | undefined {
  if (session.server) return session.uiUrl;
  return uiBaseUrl({ ...given, address: session.address });
}
