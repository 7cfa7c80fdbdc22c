/**
 * The gateway example's upstream (docs/gateway.md): an OpenAI-compatible fake provider on 127.0.0.1:18080 whose models answer
 * with JSON that fits the schema each request carries (`cheap` fails it one time in two, `strong` never).
 *   node lib/examples/gateway/fake-upstream.js [port]
 */
import { startFakeProvider } from '../../sim/fake-provider';
import { simulatedBehavior } from '../../sim/simulated-provider';

async function main(): Promise<void> {
  const provider = await startFakeProvider({
    port: Number(process.argv[2] ?? 18080),
    models: {
      cheap: simulatedBehavior({ passRate: 0.5, seed: 1 }),
      strong: simulatedBehavior({ passRate: 1, seed: 2 }),
    },
  });
  process.stdout.write(`fake upstream on ${provider.baseURL} (models cheap, strong); call log at /__calls\n`);
  const stop = () => void provider.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
