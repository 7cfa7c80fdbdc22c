/**
 * LiteLLM's Router in a Python child process (`litellm-runner.py`), one JSON line per command. The runner times
 * each call itself, so Python start-up and the pipe are not measured.
 */
import { join } from 'node:path';
import { spawnChild, waitForLine } from '../util/child';
import { ROUTES, priceOf, routeModels, type BenchModel, type RouteName } from '../setup/fixtures';
import {
  MAX_TOKENS,
  RESPONSE_FORMAT,
  messagesFor,
  type BenchRequest,
  type BenchSystem,
  type SystemResult,
} from '../systems/request';
import { BENCH_DIR } from './install';

interface RunnerAnswer {
  ok: boolean;
  ms?: number;
  error?: string;
  model?: string;
  response_cost?: number | null;
  ready?: boolean;
  litellm?: string;
  python?: string;
}

export interface LiteLLMPeer {
  version: string;
  python: string;
  /** The Router, with fallbacks along each route's tiers (and candidates), schema validation on. */
  router: BenchSystem;
  /** AsyncOpenAI from the same process: the Python-side baseline. */
  pythonDirect: BenchSystem;
  stop(): Promise<void>;
}

/** Model group name of a benchmark model in the Router: its upstream id. */
function deployment(baseURL: string, m: BenchModel) {
  const price = priceOf(m);
  return {
    model_name: m.id,
    litellm_params: {
      model: `openai/${m.id}`,
      api_base: baseURL,
      api_key: 'sk-bench',
      // Per-deployment prices (USD per token) override LiteLLM's map: the same prices our catalog uses.
      input_cost_per_token: price.inputUsdPerMTok / 1e6,
      output_cost_per_token: price.outputUsdPerMTok / 1e6,
    },
  };
}

/** Starts the runner with the pinned LiteLLM on PYTHONPATH and one Router covering every route. */
export async function startLiteLLM(installDir: string, baseURL: string): Promise<LiteLLMPeer> {
  const child = spawnChild('python3', [join(BENCH_DIR, 'peers', 'litellm-runner.py')], {
    env: { ...process.env, PYTHONPATH: installDir, LITELLM_LOCAL_MODEL_COST_MAP: 'True', PYTHONUNBUFFERED: '1' },
  });
  const answers: Array<(answer: RunnerAnswer) => void> = [];
  const ready = await waitForLine(child, (line) => parse(line), 120_000, 'LiteLLM runner').catch(
    async (error: unknown) => {
      await child.stop();
      throw error;
    },
  );
  child.lines.on('line', (line) => {
    const parsed = parse(line);
    if (parsed) answers.shift()?.(parsed);
  });
  const send = (command: Record<string, unknown>) =>
    new Promise<RunnerAnswer>((resolve, reject) => {
      if (child.child.exitCode !== null) return reject(new Error(`LiteLLM runner has exited\n${child.stderrTail()}`));
      answers.push(resolve);
      child.child.stdin!.write(`${JSON.stringify(command)}\n`);
    });

  const routes = Object.keys(ROUTES) as RouteName[];
  const modelList = routes.flatMap((route) => routeModels(route).map((m) => deployment(baseURL, m)));
  // Each route's models in order: the first one's fallbacks are all the others (LiteLLM tries them in order).
  const fallbacks = routes
    .map((route) => routeModels(route).map((m) => m.id))
    .filter((ids) => ids.length > 1)
    .map(([first, ...rest]) => ({ [first!]: rest }));
  const built = await send({ op: 'router', name: 'bench', model_list: modelList, fallbacks });
  if (!built.ok) throw new Error(`LiteLLM Router setup failed: ${built.error}`);

  const toResult = (answer: RunnerAnswer): SystemResult => ({
    ms: answer.ms ?? Number.NaN,
    ok: answer.ok,
    error: answer.error,
    reportedCostUsd: typeof answer.response_cost === 'number' ? answer.response_cost : null,
    finalModel: answer.model,
  });
  const firstModel = (request: BenchRequest) => routeModels(request.route)[0]!.id;
  return {
    version: ready.litellm ?? 'unknown',
    python: ready.python ?? 'unknown',
    router: {
      key: 'litellm',
      label: `LiteLLM Router ${ready.litellm ?? ''}`.trim(),
      call: async (request) =>
        toResult(
          await send({
            op: 'call',
            router: 'bench',
            model: firstModel(request),
            messages: messagesFor(request),
            response_format: RESPONSE_FORMAT,
            max_tokens: MAX_TOKENS,
            validate: true,
          }),
        ),
    },
    pythonDirect: {
      key: 'python-direct',
      label: 'openai Python SDK, direct',
      call: async (request) =>
        toResult(
          await send({
            op: 'direct',
            base_url: baseURL,
            model: firstModel(request),
            messages: messagesFor(request),
            response_format: RESPONSE_FORMAT,
            max_tokens: MAX_TOKENS,
          }),
        ),
    },
    stop: () => child.stop(),
  };
}

function parse(line: string): RunnerAnswer | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return value !== null && typeof value === 'object' ? (value as RunnerAnswer) : undefined;
  } catch {
    return undefined; // a stray print from a library: not an answer
  }
}
