/**
 * `npm pack` and `npm publish` run this first (package.json `prepack`): `files` ships lib/ by globs, so a compiled
 * module whose source was moved or deleted would ship beside the code that replaced it. Exits 1 naming them.
 */
import { resolve } from 'node:path';
import { staleModules } from './args';

const root = resolve(__dirname, '../../..');
const stale = staleModules(resolve(root, 'lib'), root);
if (stale.length > 0) {
  process.stderr.write(
    `${stale.length} compiled module(s) in lib/ have no source any more and would ship: ${stale.slice(0, 5).join(', ')}` +
      `${stale.length > 5 ? ', …' : ''}\nrun: rm -rf lib && npm run build, then pack again\n`,
  );
  process.exit(1);
}
