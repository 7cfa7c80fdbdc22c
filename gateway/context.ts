/** What every route of the front door works with: the Temporal client, the catalog's tasks, the keys' budgets. */
import type { Client } from '@temporalio/client';
import type { Catalog } from '../catalog/types';
import type { GatewayConfig } from './config';
import type { KeyBudgets } from './key-budgets';
import type { RateLimiter } from './keys';
import type { MediaStoring } from './openai-media';

export interface GatewayContext {
  client: Client;
  catalog: Catalog;
  taskQueue: string;
  config: GatewayConfig;
  budgets: KeyBudgets;
  rateLimiter: RateLimiter;
  /** The catalog's task names, sorted: the models the front door offers. */
  tasks: string[];
  /** When the front door started, seconds since the epoch (the models' `created`). */
  created: number;
  log?: (line: string) => void;
  /** Stores requests' images and files (the worker's blob store); absent: they are refused with a 400. */
  storeMedia?: MediaStoring;
}
