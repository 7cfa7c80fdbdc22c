/**
 * `keyBudgetWorkflow`: one long-lived workflow per gateway API key that owns the key's spend. Gateways send
 * reservations and settlements as Workflow Updates; Temporal runs a workflow's handlers one at a time, so the
 * check-and-reserve is atomic across concurrent requests and any number of gateway processes, and the state is
 * durable (it survives gateway, worker and server restarts).
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { keyOperationsUpdate, keySpendQuery, type KeyBudgetInput } from './definitions';
import { applyKeyOperations, committedMicroUsd, emptyKeyLedger } from './key-ledger';

/** Owns one API key's spend: applies batches of reserve/settle/release operations in arrival order. */
export async function keyBudgetWorkflow(input: KeyBudgetInput): Promise<void> {
  const state = input.state ?? emptyKeyLedger(input.keyId);
  const maxEvents = input.maxHistoryEvents ?? 2000;
  setHandler(keyOperationsUpdate, (batch) => applyKeyOperations(state, batch.operations, batch.limits, Date.now()));
  setHandler(keySpendQuery, () => {
    const iso = new Date(Date.now()).toISOString();
    const day = iso.slice(0, 10);
    const month = iso.slice(0, 7);
    return {
      keyId: state.keyId,
      day,
      month,
      dayMicroUsd: committedMicroUsd(state, day),
      monthMicroUsd: committedMicroUsd(state, month),
      openReservations: Object.keys(state.open).length,
    };
  });
  await condition(() => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxEvents);
  // Let accepted updates finish before handing the state to the next run; later ones go to the new run.
  await condition(allHandlersFinished);
  await continueAsNew<typeof keyBudgetWorkflow>({ ...input, state });
}
