/**
 * `llm-cascade/testing`: real parts for your tests: a Temporal dev server (the `temporal` CLI, found or installed),
 * a fake OpenAI-compatible provider on loopback (scripted per model, with a call log), and planning a request on a
 * catalog exactly as the worker will.
 */
export { startDevServer, type DevServer, type DevServerOptions } from '../server/dev-server';
export {
  startFakeProvider,
  type FakeBehavior,
  type FakeCall,
  type FakeCallContext,
  type FakeProvider,
  type FakeProviderOptions,
  type FakeReply,
  type FakeUsage,
} from '../sim/fake-provider';
export { prepareCascade } from '../client/prepare';
