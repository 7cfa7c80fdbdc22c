// Integration tests — `llm-cascade run` as a child process against an OpenAI-compatible server named in a config file
// Longer than 250 lines because its cases run the real CLI as a child process against one OpenAI-compatible server and share it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getTestServer } from '../helpers/temporal';
import { runCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { startOtlpReceiver } from '../helpers/otlp-receiver';

const schema = {
  type: 'object',
  properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
  required: ['name', 'email'],
  additionalProperties: false,
};

describe('llm-cascade run (CLI)', () => {
  let env: CascadeEnv;
  let files: ReturnType<typeof tempFiles>;
  let address: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'cli-run',
      noWorker: true,
      tiers: [
        ['economy', [{ ref: 'local/small', behavior: { kind: 'content', content: { name: 'Ada' } } }]],
        [
          'standard',
          [{ ref: 'local/large', behavior: { kind: 'content', content: { name: 'Ada', email: 'ada@example.com' } } }],
        ],
      ],
    });
    address = (await getTestServer()).address;
    files = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } },
      'schema.json': schema,
      'input.txt': 'Contact: Ada, ada@example.com',
    });
  });
  after(() => env.close());

  /** `run` of the extract task on this file's config and schema, with a worker in the CLI's process. */
  const runExtract = (input: string, ...flags: string[]) => [
    'run',
    '--config',
    files['config.json']!,
    '--task',
    'extract',
    '--schema',
    files['schema.json']!,
    '--input',
    input,
    '--address',
    address,
    '--with-worker',
    ...flags,
  ];

  it('with OTEL_TRACES_EXPORTER=otlp, the trace starts at the CLI’s StartWorkflow span and runs through the worker’s', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const result = await runCli(runExtract(`@${files['input.txt']}`, '--json'), {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_SERVICE_NAME: 'cli-run',
      });
      assert.equal(result.code, 0, result.stderr);
      const { workflowId } = JSON.parse(result.stdout) as { workflowId: string };
      // Everything was exported before the CLI exited: no waiting here.
      const cascade = receiver.spans.find((span) => span.attributes['llm_cascade.workflow_id'] === workflowId);
      assert.ok(cascade, 'the worker’s cascade span arrived');
      const trace = receiver.spans.filter((span) => span.traceId === cascade.traceId);
      const parentOf = (span: { parentSpanId?: string }) => trace.find((s) => s.spanId === span.parentSpanId);
      const runWorkflow = parentOf(cascade)!;
      assert.equal(runWorkflow.name, 'RunWorkflow:cascadeWorkflow');
      const start = parentOf(runWorkflow)!;
      assert.equal(start.name, 'StartWorkflow:cascadeWorkflow');
      assert.equal(start.parentSpanId, undefined, 'the CLI’s client span is the root');
      assert.equal(trace.filter((span) => span.name.startsWith('chat ')).length, 2);
    } finally {
      await receiver.close();
    }
  });

  it('--json prints output, attempts, totals and the workflow id; the ledger shows the escalation', async () => {
    const result = await runCli(runExtract(`@${files['input.txt']}`, '--json'));
    assert.equal(result.code, 0, result.stderr);
    // A clean run logs nothing: warnings only, and there were none (no worker state lines, no task tokens).
    assert.equal(result.stderr, '');
    const parsed = JSON.parse(result.stdout) as {
      output: unknown;
      attempts: { outcome: string; costUsd: number }[];
      totalCostUsd: number;
      baselineCostUsd: number;
      workflowId: string;
    };
    assert.deepEqual(parsed.output, { name: 'Ada', email: 'ada@example.com' });
    assert.deepEqual(
      parsed.attempts.map((a) => a.outcome),
      ['schema_violation', 'ok'],
    );
    assert.equal(
      Math.round(parsed.totalCostUsd * 1e6),
      Math.round(parsed.attempts.reduce((s, a) => s + a.costUsd, 0) * 1e6),
    );
    assert.match(parsed.workflowId, /^cascade-extract-/);
    assert.equal(
      (env.callsTo('local/small')[0]!.body as { messages: { content: string }[] }).messages.at(-1)!.content,
      'Contact: Ada, ada@example.com',
    );
  });

  it('prints a table by default; failure exits non-zero with the ledger', async () => {
    env.provider.setModel('large', { kind: 'error', status: 400, message: 'bad request' });
    const result = await runCli(runExtract('Ada', '--ui-url', 'http://ui.example:8080/'));
    assert.equal(result.code, 1);
    // Where to look: the workflow's page in the UI named by --ui-url, as soon as it started.
    assert.match(result.stderr, /^started (\S+): http:\/\/ui\.example:8080\/namespaces\/[^/]+\/workflows\/\S+$/m);
    assert.match(result.stderr, /cascade failed \(CascadeExhaustedError\)/);
    // Why, candidate by candidate, then the ledger; warnings one line each; everything within 120 columns.
    assert.match(result.stderr, /^ {2}economy local\/small: schema_violation \(.*email.*\)$/m);
    assert.match(result.stderr, /^ {2}standard local\/large: bad_request 400: .*bad request/m);
    const lines = result.stderr.trimEnd().split('\n');
    assert.ok(lines.length < 40, `${lines.length} lines:\n${result.stderr}`);
    assert.doesNotMatch(result.stderr, /taskToken|^\s+at /m);
    const table = lines.filter((line) => /^[┌│├└]/.test(line));
    assert.ok(table.length > 0 && table.every((line) => [...line].length <= 120), result.stderr);
  });

  it('--verbose adds the info lines (one per attempt), still one line each', async () => {
    env.provider.setModel('large', { kind: 'content', content: { name: 'Ada', email: 'ada@example.com' } });
    const result = await runCli(runExtract('Ada', '--verbose'));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^info: llm_attempt economy local\/small schema_violation/m);
    assert.match(result.stderr, /^info: llm_attempt standard local\/large ok$/m);
    assert.ok(
      result.stderr.split('\n').every((line) => !line.startsWith(' ')),
      result.stderr,
    );
  });

  it('with a worker in this process and no key for any provider of the route: exit 2 before anything starts', async () => {
    const catalog = env.catalogJson as { providers: Record<string, Record<string, unknown>> };
    const keyed = tempFiles({
      'config.json': {
        ...env.catalogJson,
        providers: { local: { ...catalog.providers.local, apiKeyEnv: 'LLM_CASCADE_TEST_UNSET_KEY' } },
        temporal: { taskQueue: env.taskQueue },
      },
    });
    const callsBefore = env.provider.calls.length;
    const args = ['run', '-c', keyed['config.json']!, '-t', 'extract', '-s', files['schema.json']!, '-i', 'Ada'];
    const result = await runCli([...args, '--address', address, '--with-worker'], { LLM_CASCADE_TEST_UNSET_KEY: '' });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /no provider of route "extract" has its API key in this process: set LLM_CASCADE_TEST_UNSET_KEY/,
    );
    assert.match(result.stderr, /run without keys: the simulated catalog/, 'it names the keyless way to start');
    assert.equal(env.provider.calls.length, callsBefore);
  });

  it('bad input is rejected before anything starts, with a message that says what to fix', async () => {
    const unknownTask = await runCli([
      'run',
      '--config',
      files['config.json']!,
      '--task',
      'nope',
      '--schema',
      files['schema.json']!,
      '--input',
      'x',
      '--address',
      address,
    ]);
    assert.equal(unknownTask.code, 2);
    assert.match(unknownTask.stderr, /nope/);
    assert.match(unknownTask.stderr, /extract/);
    const empty = await runCli([
      'run',
      '--config',
      files['config.json']!,
      '--task',
      'extract',
      '--schema',
      files['schema.json']!,
      '--input',
      '  ',
      '--address',
      address,
    ]);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /input is empty/);
    const missing = await runCli([
      'run',
      '--config',
      files['config.json']!,
      '--task',
      'extract',
      '--schema',
      '/no/such.json',
      '--input',
      'x',
      '--address',
      address,
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--schema: cannot read \/no\/such.json/);
  });

  it('usage errors exit 2 (bad input), like every other bad input; --help exits 0', async () => {
    const unknownFlag = await runCli(['run', '-t', 'extract', '-s', files['schema.json']!, '-i', 'x', '--bogus']);
    assert.equal(unknownFlag.code, 2);
    assert.match(unknownFlag.stderr, /unknown option '--bogus'/);
    const missingOption = await runCli(['run', '--task', 'extract']);
    assert.equal(missingOption.code, 2);
    assert.match(missingOption.stderr, /required option .*--schema/);
    assert.equal((await runCli(['run', '--help'])).code, 0);
  });

  it('a config file holding null exits 2 naming the file, without a stack trace', async () => {
    const bad = tempFiles({ 'null.json': 'null' });
    const result = await runCli([
      'run',
      '--config',
      bad['null.json']!,
      '-t',
      'extract',
      '-s',
      files['schema.json']!,
      '-i',
      'x',
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /null\.json must hold a JSON object .* not null/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('a misspelt schema keyword, a binary or an oversized input exit 2 before any server starts', async () => {
    const bad = tempFiles({
      'typo.json': { tyep: 'object', requird: ['name'] },
      'scan.pdf': Buffer.from([
        0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff,
      ]),
      'big.txt': 'lorem ipsum '.repeat(250_000),
    });
    const base = ['run', '--config', files['config.json']!, '--task', 'extract'];
    const noAddress = { TEMPORAL_ADDRESS: '' }; // no address: a server would be started for a request that passed
    const callsBefore = env.provider.calls.length;
    const cases: [string[], RegExp][] = [
      [['--schema', bad['typo.json']!, '--input', 'x'], /--schema .*typo\.json: .*unknown keyword: "tyep"/],
      [['--schema', files['schema.json']!, '--input', `@${bad['scan.pdf']}`], /--input .*scan\.pdf: not UTF-8 text/],
      [['--schema', files['schema.json']!, '--input', `@${bad['big.txt']}`], /3\.0 MB, over the 1\.5 MB .*2 MB/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli([...base, ...args], noAddress);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /embedded dev server/);
    }
    assert.equal(env.provider.calls.length, callsBefore);
  });

  it('with no address, run starts an embedded dev server itself', async () => {
    env.provider.setModel('large', { kind: 'content', content: { name: 'Ada', email: 'ada@example.com' } });
    const result = await runCli(
      [
        'run',
        '--config',
        files['config.json']!,
        '--task',
        'extract',
        '--schema',
        files['schema.json']!,
        '--input',
        'Ada',
        '--json',
      ],
      { TEMPORAL_ADDRESS: '' },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).output, { name: 'Ada', email: 'ada@example.com' });
  });
});
