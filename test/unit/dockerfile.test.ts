// Unit tests — the image recipe (Dockerfile) without a container runtime (none runs here): its syntax as the Docker
// language service's linter reads it (dockerfile-utils), and what it runs: a non-root final stage, an exec-form
// entrypoint into the package's bin (so node gets SIGTERM and drains), a `worker` command whose flags exist, whose
// endpoints listen on every interface on the ports it exposes, and a build context without node_modules or lib
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { buildProgram } from '../../cli/main';

const ROOT = resolve(__dirname, '../../..');
const TEXT = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

const problems = (text: string) =>
  validate(text).map((problem) => `line ${problem.range.start.line + 1}: ${problem.message}`);

/** The instructions of the last stage: what the image runs. */
function finalStage(): Instruction[] {
  const instructions = DockerfileParser.parse(TEXT).getInstructions();
  const lastFrom = instructions.map((instruction) => instruction.getKeyword()).lastIndexOf('FROM');
  return instructions.slice(lastFrom);
}

const jsonArgs = (instruction: Instruction | undefined) =>
  JSON.parse(instruction?.getArgumentsContent() ?? 'null') as string[] | null;

describe('Dockerfile', () => {
  it('has no syntax problem (dockerfile-utils, the linter of the Docker language server)', () => {
    assert.deepEqual(problems(TEXT), []);
  });

  it('the check catches a broken recipe', () => {
    assert.ok(problems(TEXT.replace('COPY --from=build', 'COPY --frm=build')).length > 0);
    assert.ok(problems(TEXT.replace('EXPOSE 8080', 'EXPOSE http')).length > 0);
    assert.ok(problems(TEXT.replace(/^USER node$/m, 'USR node')).length > 0);
  });

  it('the image runs as a user, not root, from the package installed as npm installs it', () => {
    const stage = finalStage();
    const user = stage.filter((instruction) => instruction.getKeyword() === 'USER').at(-1);
    assert.equal(user?.getArgumentsContent(), 'node');
    assert.match(TEXT, /npm install --omit=dev [^\n]*\/dist\/llm-cascade-\*\.tgz/);
    for (const copied of ['package.json', 'package-lock.json']) assert.ok(existsSync(join(ROOT, copied)), copied);
  });

  it('exec-form entrypoint into the bin the package declares (node is PID 1 and gets SIGTERM itself)', () => {
    const entrypoint = jsonArgs(finalStage().find((instruction) => instruction.getKeyword() === 'ENTRYPOINT'));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      name: string;
      bin: Record<string, string>;
    };
    assert.deepEqual(entrypoint, ['node', `/app/node_modules/${pkg.name}/${pkg.bin['llm-cascade']}`]);
  });

  it('the default command is a worker whose flags exist, its endpoints on every interface, on the ports exposed', () => {
    const stage = finalStage();
    const command = jsonArgs(stage.find((instruction) => instruction.getKeyword() === 'CMD'))!;
    assert.equal(command[0], 'worker');
    const worker = buildProgram().commands.find((sub) => sub.name() === 'worker')!;
    const known = new Set(worker.options.map((option) => option.long));
    const flags = command.filter((arg) => arg.startsWith('--'));
    assert.deepEqual(
      flags.filter((flag) => !known.has(flag)),
      [],
      'flags the worker does not have',
    );
    const value = (flag: string) => command[command.indexOf(flag) + 1];
    assert.equal(value('--metrics-host'), '0.0.0.0');
    assert.equal(value('--health-host'), '0.0.0.0');
    const exposed = stage
      .filter((instruction) => instruction.getKeyword() === 'EXPOSE')
      .flatMap((instruction) => instruction.getArguments().map((argument) => argument.getValue()));
    for (const port of [value('--metrics-port'), value('--health-port'), '8080']) {
      assert.ok(exposed.includes(port!), `port ${port} is exposed`);
    }
  });

  it('.dockerignore keeps what is installed or built here out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'lib', '.git']) assert.ok(ignored.includes(entry), entry);
  });
});
