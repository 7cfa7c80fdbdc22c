/**
 * The inference engine of `npm run test:real`: node-llama-cpp (llama.cpp's Node binding; its prebuilt CPU binary
 * ships in the npm package `@node-llama-cpp/linux-x64`). It is installed once into the user cache beside the
 * Temporal CLI, not into the project's dependencies: the default install and CI never need 80 MB of native code.
 * node-llama-cpp is an ES module with top-level await, so it is loaded with a real `import()` (which TypeScript's
 * CommonJS output would otherwise turn into `require`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ENGINE_VERSION = '3.21.1';
export const ENGINE_DIR = join(homedir(), '.cache', 'llm-cascade', `node-llama-cpp-${ENGINE_VERSION}`);

/** The parts of node-llama-cpp's API this harness uses (typed here: the package is not a project dependency). */
export interface Llama {
  loadModel(options: { modelPath: string }): Promise<LlamaModel>;
  createGrammarForJsonSchema(schema: object): Promise<LlamaGrammar>;
  getGrammarFor(name: 'json'): Promise<LlamaGrammar>;
  dispose(): Promise<void>;
}
export interface LlamaModel {
  createContext(options: { contextSize: number; threads: number }): Promise<LlamaContext>;
  readonly fileInfo: { metadata: { general?: { name?: string } } };
}
export interface LlamaContext {
  getSequence(): LlamaContextSequence;
}
export interface LlamaContextSequence {
  clearHistory(): Promise<void>;
  readonly tokenMeter: { usedInputTokens: number; usedOutputTokens: number };
}
export type LlamaGrammar = object;
export type ChatHistoryItem =
  { type: 'system'; text: string } | { type: 'user'; text: string } | { type: 'model'; response: string[] };
export interface LlamaChatSession {
  setChatHistory(history: ChatHistoryItem[]): void;
  promptWithMeta(
    prompt: string,
    options: { maxTokens?: number; temperature?: number; seed?: number; grammar?: LlamaGrammar },
  ): Promise<{ responseText: string; stopReason: string }>;
  dispose(options?: { disposeSequence?: boolean }): void;
}
interface EngineModule {
  getLlama(options: object): Promise<Llama>;
  LlamaChatSession: new (options: {
    contextSequence: LlamaContextSequence;
    autoDisposeSequence?: boolean;
  }) => LlamaChatSession;
}

/** Installs node-llama-cpp and its Linux x64 CPU binary into the cache once (npm; nothing built, nothing downloaded besides). */
export function ensureEngine(log: (line: string) => void): string {
  const entry = join(ENGINE_DIR, 'node_modules', 'node-llama-cpp', 'dist', 'index.js');
  const binary = join(ENGINE_DIR, 'node_modules', '@node-llama-cpp', 'linux-x64');
  if (existsSync(entry) && existsSync(binary)) return entry;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `test:real installs node-llama-cpp's Linux x64 CPU build; this is ${process.platform}-${process.arch}`,
    );
  }
  log(`installing node-llama-cpp ${ENGINE_VERSION} into ${ENGINE_DIR} (once)…`);
  mkdirSync(ENGINE_DIR, { recursive: true });
  writeFileSync(join(ENGINE_DIR, 'package.json'), '{ "name": "llm-cascade-real-engine", "private": true }\n');
  // --omit=optional skips the CUDA/Vulkan/other-platform builds; --ignore-scripts skips the postinstall that would
  // try to download or compile llama.cpp (the prebuilt binary package is all this needs).
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--omit=optional',
      '--save-exact',
      `node-llama-cpp@${ENGINE_VERSION}`,
      `@node-llama-cpp/linux-x64@${ENGINE_VERSION}`,
    ],
    { cwd: ENGINE_DIR, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return entry;
}

/** Loads the engine on the CPU with its prebuilt binary; never builds from source or fetches anything. */
export async function loadEngine(entry: string): Promise<{ llama: Llama; Session: EngineModule['LlamaChatSession'] }> {
  // A native import(), kept out of tsc's reach (it would compile `import()` to `require`).
  const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
  const engine = (await importModule(pathToFileURL(entry).href)) as EngineModule;
  const llama = await engine.getLlama({ gpu: false, build: 'never', usePrebuiltBinaries: true, progressLogs: false });
  return { llama, Session: engine.LlamaChatSession };
}
