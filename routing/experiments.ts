/**
 * A/B experiments of a route: a share of traffic, chosen by a hash of a request key (session or user id), gets a
 * variant (another start tier, another candidate order). Pure and sandbox-safe: the worker's planner assigns the
 * arm (a local activity, so the arm is in history and replay never re-assigns), the report reads it back.
 */
import type { ExperimentSpec } from '../catalog/types';

/** Which arm of one experiment a request is in. */
export interface ExperimentArm {
  experiment: string;
  arm: 'control' | 'variant';
}

/** The request metadata an arm is keyed on. */
export interface ExperimentKeys {
  sessionId?: string;
  userId?: string;
}

/**
 * A number in [0, 1) from `experiment` and `key`: FNV-1a over the UTF-16 code units, then murmur3's finaliser so
 * that keys differing in their last character spread over the whole range. Salted by the experiment's name, so
 * two experiments split the same sessions independently.
 */
export function experimentBucket(experiment: string, key: string): number {
  let hash = 0x811c9dc5;
  const text = `${experiment}\u0000${key}`;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/** The request key an experiment splits on (`key`: `session` by default), or undefined when the request has none. */
export function experimentKey(experiment: ExperimentSpec, keys: ExperimentKeys | undefined): string | undefined {
  const value = (experiment.key ?? 'session') === 'session' ? keys?.sessionId : keys?.userId;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The arm of one experiment for a request key: `variant` when its bucket falls below the experiment's share. */
export function assignArm(experiment: ExperimentSpec, key: string): ExperimentArm {
  return {
    experiment: experiment.name,
    arm: experimentBucket(experiment.name, key) < experiment.share ? 'variant' : 'control',
  };
}

/** An arm as one keyword, `name:arm` (the `LlmExperiment` search attribute joins several with commas). */
export function armLabel(arm: ExperimentArm): string {
  return `${arm.experiment}:${arm.arm}`;
}

/** The arms of a request and what its variant arms change. */
export interface ExperimentAssignment {
  arms: ExperimentArm[];
  /** The start tier a variant arm sets (it replaces the start rules). */
  startTier?: string;
  /** Candidate orders a variant arm sets, by tier name. */
  candidates: Record<string, string[]>;
}

/**
 * Assigns a request to the arms of a route's experiments. A request is enrolled in an experiment when it carries
 * the experiment's key; a start-tier experiment leaves out requests that fix their own `startTier`.
 */
export function assignExperiments(
  experiments: readonly ExperimentSpec[] | undefined,
  request: { metadata?: ExperimentKeys; startTier?: string },
): ExperimentAssignment {
  const assignment: ExperimentAssignment = { arms: [], candidates: {} };
  for (const experiment of experiments ?? []) {
    const key = experimentKey(experiment, request.metadata);
    if (key === undefined) continue;
    if (experiment.variant.startTier !== undefined && request.startTier !== undefined) continue;
    const arm = assignArm(experiment, key);
    assignment.arms.push(arm);
    if (arm.arm === 'control') continue;
    if (experiment.variant.startTier !== undefined) assignment.startTier = experiment.variant.startTier;
    Object.assign(assignment.candidates, experiment.variant.candidates ?? {});
  }
  return assignment;
}
