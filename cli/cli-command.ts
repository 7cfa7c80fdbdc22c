/**
 * The CLI's commander `Command`: reports an unknown flag before a missing required option. Commander checks the
 * required options first, so `run --tsak x` said "required option '--task' not specified", which hides the typo that
 * caused it; the unknown flag is the error to fix. Every command is made by `program.command()`, which calls
 * `createCommand`, so subcommands get the same order.
 */
import { Command, type ParseOptionsResult } from 'commander';

/** Commander 14's internals used here (pinned in package.json; test/integration/cli-startup.test.ts notices a change). */
interface CommanderInternals {
  _actionHandler: unknown;
  _checkForMissingMandatoryOptions(): void;
  unknownOption(flag: string): never;
}

export class CliCommand extends Command {
  private unknownArgs: string[] = [];

  override createCommand(name?: string): Command {
    return new CliCommand(name);
  }

  override parseOptions(argv: string[]): ParseOptionsResult {
    const parsed = super.parseOptions(argv);
    this.unknownArgs = parsed.unknown;
    return parsed;
  }

  /** Called by commander right before its unknown-option check on a command with an action: do that check first. */
  _checkForMissingMandatoryOptions(): void {
    const self = this as unknown as CommanderInternals;
    // The same condition as commander's own check: a leaf command (with an action) and something it does not know.
    const first = this.unknownArgs[0];
    if (self._actionHandler && first?.startsWith('-')) self.unknownOption(first);
    (Command.prototype as unknown as CommanderInternals)._checkForMissingMandatoryOptions.call(this);
  }
}
