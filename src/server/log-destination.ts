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
  if (!output.isTTY) return { stream: output, format: 'json' };
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

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
