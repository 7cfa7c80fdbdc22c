/**
 * The Web APIs the AI SDK uses that Temporal's workflow sandbox lacks: `Headers`, the Web Streams classes
 * (`ReadableStream`, `TransformStream`…) and `structuredClone`. Bundled first into the workflow code by
 * {@link AiSdkWorkflowPlugin} so they exist before the AI SDK's modules load. Installs only what is missing: outside
 * the sandbox, or beside another plugin that installed them (`@temporalio/ai-sdk`), it changes nothing. Pure JS
 * libraries, no Node built-ins.
 */
import { Headers } from 'headers-polyfill';
import structuredClone from '@ungap/structured-clone';
import * as webStreams from 'web-streams-polyfill';

const globals = globalThis as Record<string, unknown>;
if (globals.Headers === undefined) globals.Headers = Headers;
for (const [name, value] of Object.entries(webStreams)) {
  if (name !== 'default' && globals[name] === undefined) globals[name] = value;
}
if (globals.structuredClone === undefined) globals.structuredClone = structuredClone;
