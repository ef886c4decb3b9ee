// Where the server's log lines go, and in which shape. A person watching a terminal gets pino-pretty's
// one line per event (time, level, message, fields); anything else (a pipe, a file, a container's
// log collector) gets pino's JSON, one object per line, for machines.
//
// pino-pretty is a devDependency, loaded only for a terminal: where it is not installed
// (`npm install --omit=dev`), the terminal gets JSON too, and the caller logs the notice saying why.
// Redaction (log-redaction.ts) happens inside pino before either format sees a line.
import type PinoPretty from 'pino-pretty';

export interface LogOutput extends NodeJS.WritableStream {
  isTTY?: boolean;
  /** Node's tty.WriteStream#hasColors: honours NO_COLOR, FORCE_COLOR and the terminal's depth. */
  hasColors?(): boolean;
}

/** What pino writes each line to (a JSON string ending in a newline). */
export interface LogStream {
  write(line: string): void;
}

export interface LogDestination {
  stream: LogStream;
  format: 'pretty' | 'json';
  /** Set when a terminal gets JSON anyway; log it once the logger exists. */
  notice?: string;
}

export async function logDestination(output: LogOutput, prettyModule = 'pino-pretty'): Promise<LogDestination> {
  if (!output.isTTY) return { stream: linesWrittenOncePerTurn(output), format: 'json' };
  let pretty: typeof PinoPretty;
  try {
    pretty = ((await import(prettyModule)) as { default: typeof PinoPretty }).default;
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    return { stream: output, format: 'json', notice: `${prettyModule} is not installed (it is a devDependency): logging JSON lines` };
  }
  const prettify = pretty.prettyFactory({
    colorize: output.hasColors?.() ?? false,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  // Formats each line as pino writes it, synchronously, so the last lines before an exit are not lost.
  return { stream: { write: (line: string) => void output.write(prettify(line)) }, format: 'pretty' };
}

/**
 * JSON lines are gathered and written together once per turn of the event loop: one write system call
 * for all the lines of the requests answered in that turn, instead of one per line (a write cost about
 * 5 µs on this machine, a tenth of a signed-in request's whole cost). A line is written within the same
 * turn's check phase, so at rest every line still goes out at once; what a SIGKILL can take is the lines
 * of the turn it lands in. Lines waiting when the process exits (process.exit, a crash) are written then,
 * synchronously, as stdout to a file or pipe is on Linux.
 */
export function linesWrittenOncePerTurn(output: NodeJS.WritableStream, onExit: (flush: () => void) => void = (flush) => process.once('exit', flush)): LogStream {
  let waiting: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (waiting.length === 0) return;
    const lines = waiting.join('');
    waiting = [];
    output.write(lines);
  };
  onExit(flush);
  return {
    write(line: string) {
      waiting.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
