import { HELP, parseCliOptions, UsageError } from './cli-options';
import { InputError, runForecast } from './forecast.command';
import { RemoteError } from './remote-client';
import { runRemote } from './remote.command';

/** Exit codes: 0 done, 1 every model failed or an unexpected error, 2 bad usage or input (or the server refused it). */
async function main(argv: string[]): Promise<number> {
  try {
    const options = parseCliOptions(argv);
    if (options === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    return await (options.remote ? runRemote(options, options.remote) : runForecast(options));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\nRun with --help for usage.\n`);
      return 2;
    }
    if (error instanceof RemoteError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.status >= 400 && error.status < 500 ? 2 : 1;
    }
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
