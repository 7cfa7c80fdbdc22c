/**
 * A cascade as an AI SDK language model: each `doGenerate`/`doStream` is one whole cascade on the worker's catalog
 * (tiers, failover, escalation, budget, ledger), run by a {@link CascadeRunner}. Sandbox-safe: the workflow entry
 * (`llm-cascade/ai-sdk/workflow`) builds it on the inline-step runner.
 */
import type {
  LanguageModelV3,
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import type { RequestMetadata } from '../../workflows/definitions';
import type { CascadeRunner } from '../contract/runner';
import { prepareCall } from './prompt';
import { generateResult, streamParts } from './result';

/** Options of a cascade model, whichever way it runs. */
export interface CascadeModelSettings {
  /** Budget of each call (one cascade) in USD. @default none: the task's route and the worker decide */
  maxCostUsd?: number;
  /** Start each call at this tier, overriding the route's start rules. */
  startTier?: string;
  /** Session, user and tags of every call (the ledger, `report --by session`, search attributes). */
  metadata?: RequestMetadata;
  /**
   * The AI SDK specification the model implements: `v4` for `ai` 7 (`@ai-sdk/provider` 4), `v3` for `ai` 6
   * (`@ai-sdk/provider` 3). The parts a cascade produces (text, tool calls, usage) are the same in both.
   * @default 'v4'
   */
  specificationVersion?: 'v3' | 'v4';
}

/** The provider name the AI SDK reports (`response`, telemetry). */
export const PROVIDER = 'llm-cascade';

/** The AI SDK model of one task. */
export class CascadeLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly provider = PROVIDER;
  readonly modelId: string;
  /** No URL is fetched by a provider: a cascade sends text. */
  readonly supportedUrls: Record<string, RegExp[]> = {};
  /** Calls made by this model, numbering inline steps (`<task> 1`, `<task> 2`…) in a workflow. */
  private calls = 0;

  constructor(
    readonly task: string,
    private readonly runner: CascadeRunner,
    private readonly settings: CascadeModelSettings = {},
  ) {
    this.modelId = `cascade/${task}`;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { call, result } = await this.run(options);
    return generateResult(call.contract, result, call.warnings);
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { call, result } = await this.run(options);
    const parts = streamParts(call.contract, result, call.warnings);
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
    return { stream };
  }

  private async run(options: LanguageModelV4CallOptions) {
    const call = prepareCall(options);
    this.calls += 1;
    const result = await this.runner.run({
      task: this.task,
      schemaName: call.contract.schemaName,
      schema: call.contract.schema,
      messages: call.messages,
      ...(call.idempotencyKey && { idempotencyKey: call.idempotencyKey }),
      ...(this.runner.kind === 'workflow' && { step: `${this.task} ${this.calls}` }),
      ...(this.settings.maxCostUsd !== undefined && { maxCostUsd: this.settings.maxCostUsd }),
      ...(this.settings.startTier !== undefined && { startTier: this.settings.startTier }),
      ...(this.settings.metadata && { metadata: this.settings.metadata }),
      ...(options.abortSignal && this.runner.kind !== 'workflow' && { signal: options.abortSignal }),
    });
    return { call, result };
  }
}

/**
 * The model for the `specificationVersion` asked for. A `v3` model is the same object reporting `v3`: `ai` 6 takes it
 * as is, and `ai` 7 adapts it (only file and tool-result parts differ between the two, and a cascade produces neither).
 */
export function languageModel(
  task: string,
  runner: CascadeRunner,
  settings: CascadeModelSettings,
): LanguageModelV4 | LanguageModelV3 {
  const model = new CascadeLanguageModel(task, runner, settings);
  if (settings.specificationVersion !== 'v3') return model;
  return Object.defineProperty(model, 'specificationVersion', { value: 'v3' }) as unknown as LanguageModelV3;
}
