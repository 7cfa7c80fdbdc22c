/**
 * The official `openai` Python package for tests, installed with pip (`--target`) into .tools/python-openai on first
 * use; a stamp holding the pinned version skips the install next time.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../../server/temporal-cli';

export const PYTHON_OPENAI = 'openai==3.57.0';
const DIR = join(findProjectRoot(), '.tools', 'python-openai');

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Installs the package unless already there; returns the folder to put on PYTHONPATH. */
export async function ensurePythonOpenAI(): Promise<string> {
  const stamp = join(DIR, '.installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === PYTHON_OPENAI) return DIR;
  rmSync(DIR, { recursive: true, force: true });
  const pip = await run('python3', [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--target',
    DIR,
    PYTHON_OPENAI,
  ]);
  if (pip.code !== 0) throw new Error(`pip install ${PYTHON_OPENAI} failed: ${pip.stderr.slice(-1_000)}`);
  writeFileSync(stamp, PYTHON_OPENAI);
  return DIR;
}

/** Runs a Python script with the installed package on its path; resolves with its stdout, rejects on failure. */
export async function runPython(script: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await run('python3', [script], { ...env, PYTHONPATH: await ensurePythonOpenAI() });
  if (result.code !== 0) throw new Error(`python3 ${script} exited ${result.code}: ${result.stderr.slice(-2_000)}`);
  return result.stdout;
}
