/**
 * `llm-cascade dashboard`: serves the spend page until stopped. The store's drivers, the server and the gateway's
 * config are in cli/dashboard/run.ts.
 */
import { runDashboard, type DashboardFlags } from '../dashboard/run';

export async function dashboardAction(flags: DashboardFlags): Promise<void> {
  await runDashboard(flags);
}
