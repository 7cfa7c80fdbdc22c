/**
 * Every workflow llm-cascade runs, public and internal: what `CascadePlugin` adds to a worker's bundle and what the
 * prebuilt bundle holds (worker/bundle.ts). The internal ones run only as a public one's children or for the
 * gateway: a batch's item workflows (`batchItemWorkflow`) and a gateway key's spend (`keyBudgetWorkflow`).
 */
import { setWorkflowOptions } from '@temporalio/workflow';
import { batchItemWorkflow } from './batch/item';
import { keyBudgetWorkflow } from './gateway/key-budget';
import { FAIL_ON_ANY_ERROR } from './index';

export { agentWorkflow, batchWorkflow, cascadeWorkflow } from './index';
export { batchItemWorkflow, keyBudgetWorkflow };

setWorkflowOptions(FAIL_ON_ANY_ERROR, batchItemWorkflow);
