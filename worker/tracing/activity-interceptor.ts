/**
 * Activity interceptor of a tracing worker: one `chat <model>` span per `callModel` attempt (per HTTP try), child of
 * Temporal's `RunActivity:callModel` span, with the GenAI attributes of the call and how it ended
 * (workflows/tracing/attributes.ts). Worker-side only, so it cannot touch a workflow's history.
 */
import type * as OtelApi from '@opentelemetry/api';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { CallModelInput, CallModelResult } from '../../workflows/definitions';
import {
  attemptFailureAttributes,
  attemptResultAttributes,
  attemptSpanName,
  attemptStartAttributes,
} from '../../workflows/tracing/attributes';
import type { Tracing } from './sdk';

/** Activities whose calls are traced as GenAI spans: one provider call each. */
const TRACED_ACTIVITIES: ReadonlySet<string> = new Set(['callModel']);

export function attemptSpanInterceptor(tracing: Tracing, logContent: boolean): ActivityInterceptorsFactory {
  const { tracer, api } = tracing;
  return (context) => ({
    inbound: {
      async execute(input, next) {
        const call = input.args[0] as CallModelInput | undefined;
        // An input this worker could not decode has no candidate: the encryption interceptor fails it.
        if (!TRACED_ACTIVITIES.has(context.info.activityType) || !call?.candidate) return next(input);
        const attributes = attemptStartAttributes(call, context.info.attempt, logContent);
        const options = { kind: api.SpanKind.CLIENT, attributes };
        return tracer.startActiveSpan(attemptSpanName(call), options, async (span: OtelApi.Span) => {
          try {
            const result = (await next(input)) as CallModelResult;
            span.setAttributes(attemptResultAttributes(call, result, logContent));
            return result;
          } catch (error) {
            const type = error instanceof ApplicationFailure ? (error.type ?? undefined) : (error as Error)?.name;
            span.setAttributes(attemptFailureAttributes(type));
            // The type, never the message: a provider's error text may quote the prompt.
            span.setStatus({ code: api.SpanStatusCode.ERROR, message: type });
            throw error;
          } finally {
            span.end();
          }
        });
      },
    },
  });
}
