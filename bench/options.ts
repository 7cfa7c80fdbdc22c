/** Command-line options of `npm run bench` and the run sizes of each mode. */
import { Command, Option } from 'commander';
import type { OverheadSizes } from './sections/overhead';

export type Mode = 'quick' | 'full';
export const SECTIONS = ['overhead', 'tuning', 'scenarios', 'throughput', 'cost', 'more-tokens', 'start-tier'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface BenchOptions {
  mode: Mode;
  sections: SectionName[];
  /** Scale mode: the 10,000-item batch (alone, unless `--only` names sections too). */
  scale: boolean;
  peers: boolean;
  /** Where the results JSON goes; `bench/results/latest.json` for full runs by default. */
  out?: string;
}

export interface Sizes {
  overhead: OverheadSizes;
  tuning: { warmup: number; rounds: number };
  scenarios: { warmup: number; rounds: number };
  throughput: { items: number; concurrency: number; rounds: number };
  cost: { requests: number; concurrency: number };
  moreTokens: { requests: number; concurrency: number };
  startTier: { requests: number; concurrency: number };
  scale: { items: number; concurrency: number };
}

export const SIZES: Record<Mode, Sizes> = {
  quick: {
    overhead: { warmup: 3, rounds: { 0: 25, 300: 6 }, profileSamples: 25 },
    tuning: { warmup: 2, rounds: 15 },
    scenarios: { warmup: 1, rounds: 6 },
    throughput: { items: 150, concurrency: 20, rounds: 2 },
    cost: { requests: 200, concurrency: 20 },
    moreTokens: { requests: 60, concurrency: 20 },
    startTier: { requests: 200, concurrency: 20 },
    scale: { items: 10_000, concurrency: 100 },
  },
  full: {
    overhead: { warmup: 10, rounds: { 0: 300, 300: 60 }, profileSamples: 100 },
    tuning: { warmup: 5, rounds: 100 },
    scenarios: { warmup: 2, rounds: 30 },
    throughput: { items: 2_000, concurrency: 50, rounds: 8 },
    cost: { requests: 1_000, concurrency: 25 },
    moreTokens: { requests: 200, concurrency: 25 },
    startTier: { requests: 600, concurrency: 25 },
    scale: { items: 10_000, concurrency: 100 },
  },
};

export function parseOptions(argv: string[]): BenchOptions {
  const program = new Command('bench')
    .description(
      'llm-cascade benchmarks: overhead, failover/escalation, throughput, cost per valid result (see bench/README.md)',
    )
    .option('--quick', 'small sizes; finishes in a few minutes', false)
    .option(
      '--scale',
      'scale mode: the 10,000-item batch alone (items/s, peak RSS); add --only to run sections too',
      false,
    )
    .option('--no-peers', 'skip LiteLLM and Portkey (their rows say so)')
    .addOption(new Option('--only <sections...>', 'run only these sections').choices([...SECTIONS]))
    .option(
      '--out <file>',
      'results JSON path (default: bench/results/latest.json; quick runs: bench/results/quick.tmp.json)',
    )
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ quick: boolean; scale: boolean; peers: boolean; only?: SectionName[]; out?: string }>();
  return {
    mode: opts.quick ? 'quick' : 'full',
    sections: opts.only ?? (opts.scale ? [] : [...SECTIONS]),
    scale: opts.scale,
    peers: opts.peers,
    out: opts.out,
  };
}
