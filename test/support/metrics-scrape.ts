// Reads /metrics the way Prometheus does (over HTTP, the text exposition format) and answers "how
// much did this series move": tests compare two scrapes instead of trusting absolute numbers.
// The few lines of parsing are ours: parse-prometheus-text-format 1.1 drops a histogram's labels and
// counts, which is exactly what these tests read.

export interface Scrape {
  text: string;
  /**
   * The sum over every series of `name` whose labels include `labels`: a counter's value, or a
   * histogram's observation count (its `_count` series). 0 when there is none.
   */
  value(name: string, labels?: Record<string, string>): number;
  /** The label sets of `name`'s series (a histogram's: of its `_count`). */
  series(name: string): Record<string, string>[];
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export async function scrapeMetrics(url: string, token?: string): Promise<Scrape> {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return readMetrics(await response.text());
}

export function readMetrics(text: string): Scrape {
  const samples = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map(parseSample);
  const histograms = new Set(
    text.split('\n').flatMap((line) => /^# TYPE (\S+) histogram$/.exec(line)?.slice(1) ?? []),
  );
  const of = (name: string) => {
    const sampleName = histograms.has(name) ? `${name}_count` : name;
    return samples.filter((sample) => sample.name === sampleName);
  };
  return {
    text,
    value(name, labels = {}) {
      return of(name)
        .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
        .reduce((total, sample) => total + sample.value, 0);
    },
    series(name) {
      return of(name).map((sample) => sample.labels);
    },
  };
}

/** How much the series of `name` selected by `labels` moved between two scrapes. */
export function moved(before: Scrape, after: Scrape, name: string, labels?: Record<string, string>): number {
  return after.value(name, labels) - before.value(name, labels);
}

// `name{label="value",…} 12.5` (label values escape \\, \" and \n).
function parseSample(line: string): Sample {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
  if (!match) throw new Error(`not a sample line: ${line}`);
  const labels: Record<string, string> = {};
  for (const [, key, raw] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) {
    labels[key!] = raw!.replace(/\\(.)/g, (_all, escaped: string) => (escaped === 'n' ? '\n' : escaped));
  }
  return { name: match[1]!, labels, value: Number(match[3]) };
}
