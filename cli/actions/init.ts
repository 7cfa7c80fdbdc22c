/**
 * `llm-cascade init`: writes a first config file that runs without any provider key: the simulated catalog, or one
 * local OpenAI-compatible server (Ollama, vLLM, llama.cpp's server, LM Studio) by base URL and model. The file is
 * checked with the config loader before it is written, so what `init` writes always loads.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { SIMULATED_NOTE } from '../../catalog/node/simulated';
import { loadConfig } from '../config';

export interface InitFlags {
  out: string;
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  structuredOutput: 'json_schema' | 'json_object' | 'none';
  contextWindow: number;
  maxOutputTokens: number;
  force?: boolean;
}

export async function initAction(flags: InitFlags): Promise<void> {
  const path = resolve(flags.out);
  if (existsSync(path) && !flags.force) bad(`${path} exists; pass --force to overwrite it, or --out <file>`);
  if ((flags.baseUrl === undefined) !== (flags.model === undefined))
    bad('--base-url and --model go together: the server and the model it serves');
  const text = flags.baseUrl ? localServerConfig(flags as Required<InitFlags>) : SIMULATED_CONFIG;
  writeFileSync(path, text);
  try {
    loadConfig(path);
  } catch (error) {
    bad(`the config written to ${path} does not load: ${(error as Error).message}`);
  }
  const said = flags.baseUrl
    ? `the model ${flags.model} of the server at ${flags.baseUrl}, on routes "default" and "extract"`
    : 'the simulated catalog (the built-in routes and prices; no LLM is called, answers are simulated)';
  process.stdout.write(`wrote ${path}: ${said}\n`);
  if (flags.baseUrl) process.stdout.write(`${await serverCheck(flags.baseUrl, flags.model!)}\n`);
  process.stdout.write(
    `next: npx llm-cascade run --config ${flags.out} --task extract --schema <schema.json> --input "…"\n` +
      `      (or new CascadePlugin({ catalog: '${flags.out}' }) in your worker)\n`,
  );
}

const SIMULATED_CONFIG = `// Written by \`llm-cascade init\`. ${SIMULATED_NOTE}.
// For real providers: "extends": "default" and their keys in the worker's environment (see \`llm-cascade catalog show\`).
{
  "extends": "simulated"
}
`;

function localServerConfig(flags: Required<InitFlags>): string {
  const ref = `local/${flags.model}`;
  const provider = {
    baseURL: flags.baseUrl,
    structuredOutput: flags.structuredOutput,
    ...(flags.apiKeyEnv ? { apiKeyEnv: flags.apiKeyEnv } : {}),
  };
  const price = {
    inputUsdPerMTok: 0,
    outputUsdPerMTok: 0,
    source: 'a local server: no per-token charge',
    effectiveFrom: new Date().toISOString().slice(0, 10),
  };
  const route = { tiers: [{ name: 'local', candidates: [ref] }] };
  const config = {
    providers: { local: provider },
    models: { [ref]: { contextWindow: flags.contextWindow, maxOutputTokens: flags.maxOutputTokens, prices: [price] } },
    routes: { default: route, extract: route },
  };
  return (
    '// Written by `llm-cascade init`: one local OpenAI-compatible server. Add tiers (and providers with keys) to\n' +
    '// escalate to larger models when its answers fail: see the docs on routing and tuning.\n' +
    `${JSON.stringify(config, null, 2)}\n`
  );
}

/** Whether the server answers `GET /models` and lists the model: said, never fatal (it may start later). */
async function serverCheck(baseUrl: string, model: string): Promise<string> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) return `note: ${baseUrl}/models answered HTTP ${response.status}; is this the server's /v1 URL?`;
    const body = (await response.json()) as { data?: { id?: string }[] };
    const ids = (body.data ?? []).map((entry) => entry.id);
    return ids.includes(model)
      ? `the server answers and serves ${model}`
      : `note: the server answers but does not list ${model} (it lists: ${ids.slice(0, 10).join(', ') || 'nothing'})`;
  } catch (error) {
    return `note: ${baseUrl} did not answer (${(error as Error).message}); start the server before running requests`;
  }
}

function bad(message: string): never {
  throw new CascadeConfigError({ code: ConfigErrorCode.InvalidConfig, message });
}
