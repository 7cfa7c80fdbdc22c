// Integration tests — `llm-cascade eval` on the demo's labelled documents: real Temporal dev server, a worker with the eval catalog, the loopback fake provider playing the demo's simulated models
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import { runChecks, todayDay } from '../../activities/checks';
import { loadDataset } from '../../demo/dataset';
import { loadExpected } from '../../demo/ground-truth';
import { DEMO_CHECKS, DocumentExtraction, EXTRACTION_INSTRUCTIONS } from '../../demo/schema';
import { DEMO_TASK, simulatedCatalog, simulatedModels } from '../../demo/simulated-catalog';
import { isVerdictRequest } from '../../demo/simulated-verifier';
import { startFakeProvider, type FakeBehavior, type FakeProvider } from '../../sim/fake-provider';
import type { FakeCallContext, FakeReply } from '../../sim/fake-types';
import type { Label } from '../../inputs/score';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';
import { evalPlan } from '../../cli/eval/plan';
import { pool, runItem } from '../../cli/eval/run';
import { ALL_GATES, answerRight, emptyConfusion, scoreCandidate, tally } from '../../cli/eval/score';
import { connectClient, uniqueTaskQueue, type TestClient } from '../helpers/temporal';
import { quietRuntime } from '../helpers/quiet-runtime';

const ITEMS = 20;
const CANDIDATE = 'deepseek/deepseek-chat';
const VERIFIER = 'mistral/mistral-small-latest';

/** What the fake sent: per model, the document each reply answered and the reply's text. */
interface Sent {
  model: string;
  verdict: boolean;
  document: string;
  content?: string;
}

function recording(model: string, inner: FakeBehavior, sent: Sent[]): FakeBehavior {
  return async (ctx: FakeCallContext): Promise<FakeReply> => {
    const reply = typeof inner === 'function' ? await inner(ctx) : Array.isArray(inner) ? inner[0]! : inner;
    const messages = (ctx.body as { messages: { role: string; content: string }[] }).messages;
    const user = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    sent.push({
      model,
      verdict: isVerdictRequest(ctx.body),
      document: user,
      ...(reply.kind === 'content' && { content: String(reply.content) }),
    });
    return reply;
  };
}

describe('llm-cascade eval on the demo labels (real Temporal server, fake provider)', () => {
  let temporal: TestClient;
  let provider: FakeProvider;
  let worker: Worker;
  let running: Promise<void>;
  const sent: Sent[] = [];
  const documents = loadDataset().slice(0, ITEMS);
  const expected = loadExpected();
  const labels = new Map(documents.map((d) => [d.id, expected.get(d.id) as Label]));
  let plan: ReturnType<typeof evalPlan>;
  let taskQueue: string;

  before(async () => {
    quietRuntime();
    provider = await startFakeProvider({ callLogLimit: 5_000 });
    const catalog = simulatedCatalog(provider.baseURL);
    for (const [model, behavior] of Object.entries(simulatedModels(catalog, 7, DEMO_TASK, { latency: false }))) {
      provider.setModel(model, recording(model, behavior, sent));
    }
    plan = evalPlan(catalog, DEMO_TASK, DEMO_CHECKS, { candidates: [CANDIDATE], verifier: VERIFIER });
    temporal = await connectClient();
    taskQueue = uniqueTaskQueue('eval');
    worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle(),
      plugins: [new CascadePlugin({ catalog: plan.catalog })],
    });
    running = worker.run();
  });
  after(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    await temporal?.close();
    await provider?.close();
  });

  it('gates off, then on: the answers are what the fake sent, and every confusion count matches its right and wrong answers', async () => {
    const model = CANDIDATE.split('/').slice(1).join('/');
    const verifierModel = VERIFIER.split('/').slice(1).join('/');
    assert.deepEqual(
      plan.runs.map((r) => r.gates),
      ['off', 'on'],
    );
    for (const run of plan.runs) {
      sent.length = 0;
      const answers = await pool(documents.length, 6, (index) =>
        runItem({ client: temporal.client, taskQueue }, run, documents[index]!, {
          schema: DocumentExtraction,
          instructions: EXTRACTION_INSTRUCTIONS,
          concurrency: 6,
          idPrefix: `evaltest-${process.pid}-${Date.now()}`,
        }),
      );
      const score = scoreCandidate(run, answers, labels);

      // The answer eval judged for each item is the candidate's last content reply for that document (a
      // more-tokens retry can follow a truncated one): read back from the ledger or, when rejected, from history.
      let valid = 0;
      let correct = 0;
      const verifierTable = emptyConfusion();
      const allGates = emptyConfusion();
      for (const [index, doc] of documents.entries()) {
        const answer = answers[index]!;
        const replies = sent.filter((s) => s.model === model && !s.verdict && s.document.includes(doc.text));
        const last = replies.filter((s) => s.content !== undefined).at(-1);
        let parsed: unknown;
        try {
          parsed = last?.content === undefined ? undefined : JSON.parse(last.content);
        } catch {
          parsed = undefined;
        }
        const schemaValid = parsed !== undefined && DocumentExtraction.safeParse(parsed).success;
        assert.equal(answer.answer !== undefined, schemaValid, `${run.gates} ${doc.id}: valid as the fake's reply is`);
        if (!schemaValid) continue;
        assert.deepEqual(answer.answer, parsed, `${run.gates} ${doc.id}: the answer is the fake's reply`);
        valid++;
        const right = answerRight(parsed, labels.get(doc.id)!);
        if (run.gates === 'off') {
          assert.equal(answer.accepted, true);
          if (right) correct++;
          continue;
        }
        // Gates on: the checks on the fake's reply, then (only if they pass) the verifier's verdict it sent.
        const failures = await runChecks(parsed, DEMO_CHECKS, { input: doc.text, today: todayDay() });
        const verdicts = sent.filter((s) => s.model === verifierModel && s.verdict && s.document.includes(doc.text));
        const verdict = verdicts.at(-1)?.content
          ? (JSON.parse(verdicts.at(-1)!.content!) as { ok: boolean })
          : undefined;
        if (failures.length === 0) {
          assert.ok(verdict, `${doc.id}: the verifier judged an answer that passed the checks`);
          tally(verifierTable, right, !verdict.ok);
        } else assert.equal(verdicts.length, 0, `${doc.id}: no verifier call after a failed check`);
        const rejected = failures.length > 0 || verdict?.ok === false;
        tally(allGates, right, rejected);
        assert.equal(answer.accepted, !rejected, `${doc.id}: accepted exactly when no check and no verdict said no`);
        if (right && !rejected) correct++;
      }
      assert.equal(score.items, ITEMS);
      assert.equal(score.valid, valid);
      assert.equal(score.correct, correct);
      if (run.gates === 'on') {
        assert.deepEqual(score.confusion[`verifier ${VERIFIER}`] ?? emptyConfusion(), verifierTable);
        assert.deepEqual(score.confusion[ALL_GATES], allGates);
        // The economy profile misreads often: the set has wrong answers, and the gates caught some of them.
        assert.ok(allGates.wrongRejected + allGates.wrongPassed > 0, 'some answers were wrong');
        assert.ok(allGates.wrongRejected > 0, 'the gates caught wrong answers');
        assert.ok(allGates.rightPassed > 0, 'right answers passed');
      }
      // Money: whole micro-USD, and each item's ledger was spent.
      assert.ok(Number.isInteger(score.costMicroUsd) && score.costMicroUsd > 0);
      assert.ok(score.costPerCorrectMicroUsd === null || Number.isInteger(score.costPerCorrectMicroUsd));
    }
  });
});
