// Pure unit tests — tracing's decisions without the OpenTelemetry SDK: when a worker traces and where its spans go
// (config section vs OTEL_* variables), and what each span says (GenAI and llm_cascade attributes, no text by default)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeaders, resolveTelemetry, telemetrySchema, tracesUrl } from '../../worker/tracing/config';
import {
  attemptFailureAttributes,
  attemptResultAttributes,
  attemptSpanName,
  attemptStartAttributes,
  cascadeFailureAttributes,
  cascadeResultAttributes,
  cascadeSpanName,
} from '../../workflows/tracing/attributes';
import { ledgerTotals, type CallModelInput, type CascadeResult } from '../../workflows/definitions';
import { candidate, route, row } from '../helpers/plans';

describe('tracing: when it is on and where spans go', () => {
  it('off by default, with or without the standard endpoint variable', () => {
    assert.equal(resolveTelemetry(undefined, {}), undefined);
    assert.equal(resolveTelemetry(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }), undefined);
  });

  it('a telemetry section turns it on: the base endpoint gets /v1/traces, defaults for the rest', () => {
    assert.deepEqual(resolveTelemetry({ otlpEndpoint: 'http://jaeger:4318/' }, {}), {
      url: 'http://jaeger:4318/v1/traces',
      serviceName: 'llm-cascade',
      headers: {},
      protocol: 'http/json',
    });
    assert.equal(resolveTelemetry({}, {})?.url, 'http://localhost:4318/v1/traces');
    assert.equal(resolveTelemetry({ otlpEndpoint: 'http://x:4318/v1/traces' }, {})?.url, 'http://x:4318/v1/traces');
    assert.equal(resolveTelemetry({ enabled: false }, { OTEL_TRACES_EXPORTER: 'otlp' }), undefined);
  });

  it('OTEL_TRACES_EXPORTER=otlp turns it on; the OTEL_* variables fill what the section does not give', () => {
    const env = {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_SERVICE_NAME: 'invoices',
      OTEL_EXPORTER_OTLP_HEADERS: 'api_key=abc%3D,x-team=ops',
    };
    assert.deepEqual(resolveTelemetry(undefined, env), {
      url: 'http://collector:4318/v1/traces',
      serviceName: 'invoices',
      headers: { api_key: 'abc=', 'x-team': 'ops' },
      protocol: 'http/json',
    });
    // The signal-specific variable is the whole URL, used as it is.
    const signal = { ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/ingest' };
    assert.equal(resolveTelemetry(undefined, signal)?.url, 'http://traces:9999/ingest');
    // The section wins over the variables.
    assert.equal(resolveTelemetry({ serviceName: 'mine' }, env)?.serviceName, 'mine');
  });

  it('the encoding: JSON by default, protobuf by the section or the standard variables, anything else an error', () => {
    const on = { OTEL_TRACES_EXPORTER: 'otlp' };
    assert.equal(resolveTelemetry(undefined, on)?.protocol, 'http/json');
    assert.equal(resolveTelemetry({ protocol: 'http/protobuf' }, {})?.protocol, 'http/protobuf');
    assert.equal(
      resolveTelemetry(undefined, { ...on, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' })?.protocol,
      'http/protobuf',
    );
    // The traces variable wins over the all-signals one, and the section over both.
    const both = { ...on, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'HTTP/JSON' };
    assert.equal(resolveTelemetry(undefined, both)?.protocol, 'http/json');
    assert.equal(
      resolveTelemetry({ protocol: 'http/protobuf' }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })?.protocol,
      'http/protobuf',
    );
    assert.throws(
      () => resolveTelemetry(undefined, { ...on, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
      /OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not offered: use http\/json or http\/protobuf/,
    );
    // Tracing off: the variable is not read at all.
    assert.equal(resolveTelemetry(undefined, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), undefined);
    assert.equal(telemetrySchema.safeParse({ protocol: 'grpc' }).success, false);
  });

  it('OTEL_SDK_DISABLED=true and OTEL_TRACES_EXPORTER=none turn it off, even with a section', () => {
    assert.equal(resolveTelemetry({}, { OTEL_SDK_DISABLED: 'TRUE' }), undefined);
    assert.equal(resolveTelemetry({}, { OTEL_TRACES_EXPORTER: 'none' }), undefined);
    assert.ok(resolveTelemetry({}, { OTEL_SDK_DISABLED: 'false' }));
  });

  it('the section is checked: a URL, known keys only', () => {
    assert.equal(telemetrySchema.safeParse({ otlpEndpoint: 'not a url' }).success, false);
    assert.equal(telemetrySchema.safeParse({ endpoint: 'http://x' }).success, false);
    assert.equal(telemetrySchema.safeParse({ otlpEndpoint: 'http://x:4318', serviceName: 's' }).success, true);
  });

  it('tracesUrl and parseHeaders', () => {
    assert.equal(tracesUrl('http://a:4318'), 'http://a:4318/v1/traces');
    assert.equal(tracesUrl('http://a:4318/otlp//'), 'http://a:4318/otlp/v1/traces');
    assert.deepEqual(parseHeaders(undefined), {});
    assert.deepEqual(parseHeaders('a=1, b = 2 ,broken,=x'), { a: '1', b: '2' });
  });
});

const CALL: CallModelInput = {
  task: 'invoice',
  tier: 'economy',
  candidate: candidate('deepseek/deepseek-chat'),
  schema: { name: 'Invoice', jsonSchema: { type: 'object' } } as unknown as CallModelInput['schema'],
  messages: [{ role: 'user', content: 'Invoice INV-7, total 120.50' }],
  maxOutputTokens: 800,
  timeoutMs: 30_000,
  maxRetryAfterMs: 60_000,
  sessionId: 'sess-1',
  reason: 'escalation',
};

describe('tracing: what an attempt span says', () => {
  it('named `chat <model>`; GenAI request attributes plus tier, why and try; no text without logContent', () => {
    assert.equal(attemptSpanName(CALL), 'chat deepseek-chat');
    assert.deepEqual(attemptStartAttributes(CALL, 2, false), {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'deepseek',
      'gen_ai.request.model': 'deepseek-chat',
      'gen_ai.request.max_tokens': 800,
      'gen_ai.output.type': 'json',
      'gen_ai.conversation.id': 'sess-1',
      'llm_cascade.task': 'invoice',
      'llm_cascade.tier': 'economy',
      'llm_cascade.model_ref': 'deepseek/deepseek-chat',
      'llm_cascade.why': 'escalation',
      'llm_cascade.try': 2,
    });
    assert.equal(attemptStartAttributes(CALL, 1, true)['gen_ai.input.messages'], JSON.stringify(CALL.messages));
  });

  it('a billed answer: tokens, finish reason, outcome, cost in USD, estimated; the answer only with logContent', () => {
    const result = {
      outcome: 'schema_violation' as const,
      rawText: '{"total":"lots"}',
      finishReason: 'stop',
      usage: { inputTokens: 812, cachedInputTokens: 100, cacheWriteTokens: 0, outputTokens: 95 },
      costMicroUsd: 324,
      estimated: true,
      latencyMs: 1_840,
      tries: 1,
    };
    const attributes = attemptResultAttributes(CALL, result, false);
    assert.deepEqual(attributes, {
      'gen_ai.response.model': 'deepseek-chat',
      'gen_ai.usage.input_tokens': 812,
      'gen_ai.usage.output_tokens': 95,
      'gen_ai.response.finish_reasons': ['stop'],
      'llm_cascade.cached_input_tokens': 100,
      'llm_cascade.outcome': 'schema_violation',
      'llm_cascade.billed': true,
      'llm_cascade.cost_usd': 0.000324,
      'llm_cascade.estimated': true,
    });
    assert.equal(attemptResultAttributes(CALL, result, true)['gen_ai.output.messages'], '{"total":"lots"}');
    const noReason = attemptResultAttributes(CALL, { ...result, finishReason: null }, false);
    assert.equal(noReason['gen_ai.response.finish_reasons'], undefined);
  });

  it('an unbilled failure: error.type is the failure type, the outcome its ledger outcome', () => {
    assert.deepEqual(attemptFailureAttributes('ModelInvocationError.RateLimit'), {
      'error.type': 'ModelInvocationError.RateLimit',
      'llm_cascade.outcome': 'rate_limited',
      'llm_cascade.billed': false,
      'llm_cascade.cost_usd': 0,
    });
    assert.equal(attemptFailureAttributes(undefined)['error.type'], 'Error');
    assert.equal(attemptFailureAttributes('TypeError')['llm_cascade.outcome'], 'error');
  });
});

describe('tracing: what a cascade span says', () => {
  const plan = route([
    ['economy', ['deepseek/deepseek-chat']],
    ['standard', ['mistral/small', 'openai/mini']],
  ]);
  const attempts = [
    row(plan, 0, 0, 'schema_violation', { seq: 1, costMicroUsd: 300, estimated: true }),
    row(plan, 1, 0, 'provider_error', { seq: 2 }),
    row(plan, 1, 1, 'ok', { seq: 3, costMicroUsd: 1_200 }),
  ];
  const result = {
    output: {},
    attempts,
    totals: ledgerTotals(attempts),
    totalCostUsd: ledgerTotals(attempts).costUsd,
    baselineCostUsd: 0.01,
    finalTier: 'standard',
    finalModel: 'openai/mini',
    workflowId: 'cascade-1',
    experiments: [{ experiment: 'standard-start', arm: 'variant' as const }],
  } satisfies CascadeResult;

  it('outcome, totals, the tier path and the experiment arm; tokens as llm_cascade.*, never gen_ai.usage twice', () => {
    assert.equal(cascadeSpanName('invoice'), 'cascade invoice');
    assert.equal(cascadeSpanName(undefined), 'cascade');
    const attributes = cascadeResultAttributes(result);
    assert.equal(attributes['llm_cascade.outcome'], 'ok');
    assert.equal(attributes['llm_cascade.tier_path'], 'economy>standard');
    assert.equal(attributes['llm_cascade.attempts'], 3);
    assert.equal(attributes['llm_cascade.billed_attempts'], result.totals.billedAttempts);
    assert.equal(attributes['llm_cascade.cost_usd'], 0.0015);
    assert.equal(attributes['llm_cascade.estimated'], true);
    assert.equal(attributes['llm_cascade.experiment'], 'standard-start:variant');
    assert.equal(attributes['llm_cascade.final_model'], 'openai/mini');
    assert.ok(!Object.keys(attributes).some((key) => key.startsWith('gen_ai.usage')));
    const none = cascadeResultAttributes({ ...result, experiments: undefined, attempts: attempts.slice(2) });
    assert.equal(none['llm_cascade.experiment'], undefined);
    assert.equal(none['llm_cascade.estimated'], false);
  });

  it('a failed cascade: its failure type', () => {
    assert.deepEqual(cascadeFailureAttributes('BudgetExceededError'), {
      'error.type': 'BudgetExceededError',
      'llm_cascade.outcome': 'failed',
    });
  });
});
