/**
 * The example worker's workflows module (its `workflowsPath`): the pipeline only. `CascadePlugin` adds
 * llm-cascade's own workflows (the pipeline's `as: 'child'` steps run `cascadeWorkflow`) to the bundle.
 */
export { supportTriageWorkflow } from './pipeline';
