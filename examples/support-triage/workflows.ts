/**
 * The example worker's workflows module (its `workflowsPath`): llm-cascade's workflows plus the pipeline.
 * In your own project the first line reads `export * from 'llm-cascade/workflow';`.
 */
export * from '../../workflows';
export { supportTriageWorkflow } from './pipeline';
