/**
 * The workflows module a worker with `CascadePlugin` bundles: the user's own workflows module and every
 * llm-cascade workflow, so a user's module holds only their own. The plugin points the bundler here and aliases
 * `llm-cascade-user-workflows` to the user's `workflowsPath` (worker/plugin.ts); nothing imports this file.
 */
import * as registered from './registered';

// A webpack alias, resolved only inside the bundle: a plain require with a constant name, so the bundler follows it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const user = require('llm-cascade-user-workflows') as Record<string, unknown>;

// llm-cascade's workflows, then the user's: a user who names a workflow like one of ours keeps their own.
module.exports = { ...registered, ...user };
