/**
 * Lets workflow code call the AI SDK (`generateText` with `llm-cascade/ai-sdk/workflow`'s model): a `SimplePlugin`
 * that puts the Web API polyfills the AI SDK needs at the head of the workflow bundle. Register it beside
 * `CascadePlugin`: `plugins: [new CascadePlugin(), new AiSdkWorkflowPlugin()]`.
 */
import { SimplePlugin } from '@temporalio/plugin';
import type { BundleOptions } from '@temporalio/worker';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';

/** The polyfill libraries, optional peer dependencies of `llm-cascade` (only this plugin needs them). */
export const POLYFILL_PACKAGES = ['web-streams-polyfill', 'headers-polyfill', '@ungap/structured-clone'] as const;

export class AiSdkWorkflowPlugin extends SimplePlugin {
  constructor() {
    const missing = POLYFILL_PACKAGES.filter((name) => !resolvable(name));
    if (missing.length > 0) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidConfig,
        message: `AiSdkWorkflowPlugin needs ${missing.join(', ')} in the worker's dependencies: npm install ${missing.join(' ')}`,
      });
    }
    super({ name: 'CascadeAiSdkWorkflowPlugin' });
  }

  override configureBundler(options: BundleOptions): BundleOptions {
    const configured = super.configureBundler(options);
    const previous = configured.webpackConfigHook;
    const polyfills = require.resolve('./polyfills');
    return {
      ...configured,
      webpackConfigHook: (config) => {
        const hooked = previous ? previous(config) : config;
        // Webpack runs the entries of an array in order: the polyfills before any workflow module captures globals.
        const entry = hooked.entry;
        const entries = Array.isArray(entry) ? entry : typeof entry === 'string' ? [entry] : undefined;
        if (!entries) return hooked;
        return { ...hooked, entry: [polyfills, ...entries.filter((path) => path !== polyfills)] };
      },
    };
  }
}

function resolvable(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
