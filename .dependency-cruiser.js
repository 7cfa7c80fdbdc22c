// @ts-check
/**
 * The house rules of the tree (`npm run lint` runs this after eslint). Dependencies flow one way:
 *
 *   cli → client, worker, server, demo, gateway …      (the command line uses everything, nothing uses it)
 *   worker → activities                                  (the plugin registers them)
 *   activities, client, inputs → catalog, workflow definitions
 *   workflows → the sandbox-safe catalog, activities as types only (proxyActivities)
 *   store → catalog, workflow definitions                 (the ledger store; worker, cli and gateway use it)
 *   connect → catalog, codec                              (how every process reaches Temporal; client and worker use it)
 *   blobs → catalog, codec                                (the blob store: directory or S3; activities use it)
 *
 * and nothing has an import cycle. Type-only imports count for cycles too: they are how a cycle starts.
 */
const SOURCE =
  '^(cli|client|worker|activities|workflows|prompts|routing|catalog|inputs|server|demo|sim|examples|gateway|codec|store|connect|blobs)/';
const NODE_ONLY_CATALOG = '^(catalog|routing)/node/';
// Wire types: workflows/definitions/ and each workflow's own definitions (types, failure types, queries, signals).
const WORKFLOW_DEFINITIONS = '^workflows/(definitions/[^/]+|[^/]+/definitions|[^/]+/definitions/[^/]+)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes load order matter and hides which module owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'The command line is the top layer: libraries never depend on it.',
      from: { path: SOURCE, pathNot: '^(cli)/' },
      to: { path: '^cli/' },
    },
    {
      name: 'no-tests-in-the-library',
      severity: 'error',
      from: { path: SOURCE },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'client-is-the-library-api',
      severity: 'error',
      comment: 'The client sends requests; it does not run activities or workers.',
      from: { path: '^client/' },
      to: { path: '^(worker|activities|server|demo|sim)/' },
    },
    {
      name: 'gateway-is-a-client',
      severity: 'error',
      comment: 'The front door starts cascades through the library API; it never calls providers or runs workers.',
      from: { path: '^gateway/' },
      to: { path: '^(worker|activities|server|demo|sim)/' },
    },
    {
      name: 'worker-registers-activities',
      severity: 'error',
      comment: "The one exception in sim/: the simulated catalog's in-process provider, which the plugin installs.",
      from: { path: '^worker/' },
      to: { path: '^(client|demo|sim|server)/', pathNot: '^sim/simulated-fetch\\.ts$' },
    },
    {
      name: 'sim-below-the-worker',
      severity: 'error',
      comment: 'The simulated provider ships inside the worker: it may use the catalog, nothing above it.',
      from: { path: '^sim/' },
      to: { path: '^(cli|client|worker|activities|workflows|inputs|server|demo|gateway|codec|store)/' },
    },
    {
      name: 'activities-below-client-and-worker',
      severity: 'error',
      from: { path: '^(activities|inputs)/' },
      to: { path: '^(client|worker|server|demo|sim)/' },
    },
    {
      name: 'activities-see-workflow-definitions-only',
      severity: 'error',
      comment: 'Activities share wire types with workflows, never workflow code.',
      from: { path: '^(activities|inputs|catalog)/' },
      to: { path: '^workflows/', pathNot: WORKFLOW_DEFINITIONS },
    },
    {
      name: 'catalog-is-the-bottom',
      severity: 'error',
      from: { path: '^catalog/' },
      to: { path: '^(cli|client|worker|activities|workflows|prompts|routing|inputs|server|demo|sim)/' },
    },
    {
      name: 'codec-below-client-and-worker',
      severity: 'error',
      comment: 'Payload encryption is used by the client, the worker and the CLI; it needs only the catalog (errors).',
      from: { path: '^codec/' },
      to: { path: '^(cli|client|worker|activities|workflows|inputs|server|demo|sim)/' },
    },
    {
      name: 'codec-sandbox-modules',
      severity: 'error',
      comment: 'The failure converter and the interceptor are bundled into workflow code: no Node built-ins.',
      from: { path: '^codec/(mismatch|failure-converter|workflow-interceptors)\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'sandbox-safe-catalog',
      severity: 'error',
      comment: 'catalog/ outside catalog/node/ is imported by workflow code: no Node built-ins, no Node-side modules.',
      from: { path: '^(catalog|routing)/', pathNot: NODE_ONLY_CATALOG },
      to: { path: [NODE_ONLY_CATALOG], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sandbox-safe-catalog-core',
      severity: 'error',
      from: { path: '^(catalog|routing)/', pathNot: NODE_ONLY_CATALOG },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'workflows-are-sandboxed',
      severity: 'error',
      comment: 'Workflow code runs in the deterministic sandbox: activities as types only, no Node-side modules.',
      from: { path: '^workflows/' },
      to: {
        path: ['^(cli|client|worker|server|demo|sim|inputs)/', NODE_ONLY_CATALOG, '^activities/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'store-sees-catalog-and-definitions',
      severity: 'error',
      comment:
        'The ledger store is a part of its own: its rows are built from the catalog, the routing types and the wire types only.',
      from: { path: '^store/' },
      to: {
        path: '^(cli|client|worker|activities|workflows|inputs|server|demo|sim|gateway|codec|examples)/',
        pathNot: WORKFLOW_DEFINITIONS,
      },
    },
    {
      name: 'only-worker-cli-gateway-use-the-store',
      severity: 'error',
      comment:
        'The store is Node-side I/O (SQLite, PostgreSQL): workflows, activities, the client and the catalog never import it.',
      from: { path: '^(client|activities|workflows|prompts|routing|catalog|inputs|codec|server|sim|demo|examples)/' },
      to: { path: '^store/' },
    },
    {
      name: 'connect-below-client-and-worker',
      severity: 'error',
      comment:
        'How a process reaches Temporal: the client, the worker, the gateway and the CLI use it; it uses only errors and the codec.',
      from: { path: '^connect/' },
      to: { path: '^(cli|client|worker|activities|workflows|prompts|routing|inputs|server|demo|sim|gateway|store)/' },
    },
    {
      name: 'blobs-below-activities',
      severity: 'error',
      comment:
        'The blob store (directory, S3) is Node-side I/O used by activities and the worker: it sees only errors and the codec.',
      from: { path: '^blobs/' },
      to: {
        path: '^(cli|client|worker|activities|workflows|prompts|routing|inputs|server|demo|sim|gateway|store|connect|examples)/',
      },
    },
    {
      name: 'workflows-never-load-blobs',
      severity: 'error',
      from: { path: '^(workflows|catalog|routing|client|gateway|codec|connect)/' },
      to: { path: '^blobs/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-side-never-loads-the-worker-sdk',
      severity: 'error',
      comment:
        'An app that only starts cascades need not install @temporalio/worker (a native module bundlers trip on): ' +
        'the client, its entry point llm-cascade/client, the gateway and connect/ (but connect/native.ts) never reach ' +
        'it, not even through another module.',
      from: { path: '^(client/|gateway/|connect/|entries/client\\.ts$)', pathNot: '^connect/native\\.ts$' },
      to: { path: ['@temporalio/(worker|core-bridge)/', '^connect/native\\.ts$'], reachable: true },
    },
    {
      name: 'cli-command-definitions-stay-light',
      severity: 'error',
      comment:
        'cli/commands/<name>.ts declares a command (name, flags, help); `--help` loads all of them, so each imports ' +
        'only commander, the light flag modules and types. What the command does, and all it needs, is in ' +
        "cli/actions/<name>.ts, loaded on use with `await import('../actions/<name>')` (test/integration/cli-startup.test.ts).",
      from: { path: '^cli/commands/' },
      to: {
        dependencyTypesNot: ['type-only', 'dynamic-import'],
        pathNot: [
          '^cli/(options|listen-flags)\\.ts$',
          '^cli/report/(aggregate|query|choose-source)\\.ts$',
          '^catalog/(errors|pricing|plural|checks)\\.ts$',
          '(^|/)node_modules/commander/',
        ],
      },
    },
    {
      name: 'workflows-no-node',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(lib|node_modules|\\.tools)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
