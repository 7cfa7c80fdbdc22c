/**
 * `llm-cascade eval`: runs labelled items through each tier candidate of a task, gates off and on. The runner (a
 * worker, the client, the checks) is cli/eval/command.ts, which `tune --labels` shares.
 */
export { evalAction } from '../eval/command';
