/**
 * `llm-cascade setup`: registers llm-cascade's typed search attributes on a real cluster through the operator
 * service (the embedded dev server registers them itself). Idempotent: attributes already present are left alone.
 */
import type { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { missingSearchAttributes, registerSearchAttributes } from '../../server/search-attributes';
import { loadConfig } from '../config';
import { DEFAULT_ADDRESS, listColumnsHint, temporalTarget } from '../temporal-target';
import { openConnection } from '../../connect/client';
import { SEARCH_ATTRIBUTES } from '../../workflows/definitions/search-attributes';

/** Flags shared by commands that talk to an existing cluster (`setup`, `report`). */
export interface ClusterFlags {
  config?: string;
  address?: string;
  namespace?: string;
  apiKey?: string;
  profile?: string;
}

export interface ClusterConnection {
  connection: Connection;
  address: string;
  namespace: string;
}

/** gRPC status codes the operator service answers with when a cluster will not let us add attributes. */
const GRPC = { NotFound: 5, PermissionDenied: 7, Unimplemented: 12, Unavailable: 14, Unauthenticated: 16 } as const;

/**
 * Connects to the cluster the flags, the config or Temporal's environment configuration name (cli/temporal-target.ts),
 * or localhost:7233; a failure says what to fix.
 */
export async function connectCluster(flags: ClusterFlags): Promise<ClusterConnection> {
  const config = loadConfig(flags.config);
  const target = temporalTarget(flags, config);
  const address = target.address ?? DEFAULT_ADDRESS;
  const connection = await openConnection(target, { address });
  return { connection, address, namespace: target.namespace };
}

/** What `tcld` would need: the same attributes as `--sa Name=Type` pairs, for the message on managed clusters. */
function tcldHint(namespace: string): string {
  const pairs = SEARCH_ATTRIBUTES.map(
    (key) => `--sa ${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`,
  ).join(' ');
  return `tcld namespace search-attributes add --namespace ${namespace} ${pairs}`;
}

/** Turns an operator-service refusal into a message that says what to do instead. */
export function explainRefusal(error: unknown, namespace: string, address: string): Error {
  const code = (error as { code?: number }).code;
  const detail = (error as Error).message;
  if (code === GRPC.NotFound) {
    return new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `namespace "${namespace}" does not exist on ${address} (${detail}); create it or pass --namespace`,
      cause: error,
    });
  }
  if (code === GRPC.PermissionDenied || code === GRPC.Unimplemented || code === GRPC.Unauthenticated) {
    return new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message:
        `${address} refused to add search attributes (${detail}). Temporal Cloud does not take them through the ` +
        `operator service: create them in the Cloud UI (Namespaces → ${namespace} → Search Attributes) or with\n  ${tcldHint(namespace)}\n` +
        `On a self-hosted cluster, run setup with an identity allowed to call the operator service, or use ` +
        `\`temporal operator search-attribute create --namespace ${namespace} --name <Name> --type <Type>\`.`,
      cause: error,
    });
  }
  if (code === GRPC.Unavailable) {
    return new CascadeConfigError({
      code: ConfigErrorCode.TemporalUnavailable,
      message: `Temporal at ${address} is unavailable (${detail}); is the server running?`,
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Registers the attributes and prints one line per attribute; returns the names it added. */
export async function runSetup(flags: ClusterFlags, write: (line: string) => void): Promise<string[]> {
  const { connection, address, namespace } = await connectCluster(flags);
  try {
    let added: string[];
    try {
      added = await registerSearchAttributes(connection, namespace);
    } catch (error) {
      throw error instanceof CascadeConfigError ? error : explainRefusal(error, namespace, address);
    }
    write(`namespace ${namespace} on ${address}:`);
    const width = Math.max(...SEARCH_ATTRIBUTES.map((key) => key.name.length)) + 1;
    for (const key of SEARCH_ATTRIBUTES) {
      const type = TypedSearchAttributes.toMetadataType(key.type);
      write(`  ${added.includes(key.name) ? 'added  ' : 'present'}  ${key.name.padEnd(width)} ${type}`);
    }
    // Some visibility stores (Elasticsearch) show new attributes only after a moment; workflows need them visible.
    const deadline = Date.now() + 15_000;
    let missing = await missingSearchAttributes(connection, namespace);
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      missing = await missingSearchAttributes(connection, namespace);
    }
    if (missing.length > 0) write(`warning: not listed yet: ${missing.join(', ')}; check again in a minute`);
    write(
      `${SEARCH_ATTRIBUTES.length} search attributes ready (${added.length} added, ${SEARCH_ATTRIBUTES.length - added.length} already present)`,
    );
    write(listColumnsHint(undefined, namespace));
    return added;
  } finally {
    await connection.close();
  }
}

export async function setupAction(flags: ClusterFlags): Promise<void> {
  await runSetup(flags, (line) => process.stdout.write(`${line}\n`));
}
