// tru.ID's OpenAPI definitions as the conformance tests read them (test/spec/): dereferenced from
// ../shared (never copied into this repository), with an Ajv that knows the definitions' own formats.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import addFormatsModule from 'ajv-formats';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const specsDir = path.resolve(repoRoot, '..', 'shared', 'truid-openapi', 'specs');

/** $refs in the definitions that name files that do not exist, and the files they mean (truid-api.md). */
const MISSING_FILES: Record<string, string> = {
  [path.join('models', 'check', 'CheckResourceModels.v1.yaml')]: path.join('models', 'check', 'CheckResourceModels.v0.2.yaml'),
  [path.join('models', 'subscriber_check', 'CheckDefaultResourceModels.yaml')]: path.join('models', 'check', 'CheckDefaultResourceModels.yaml'),
};

export type Json = Record<string, unknown>;
export type Spec = { paths: Record<string, Record<string, { responses: Record<string, Json>; callbacks?: Record<string, Record<string, Record<string, Json>>> }>> };

export async function loadSpec(file: string): Promise<Spec> {
  return (await $RefParser.dereference(path.join(specsDir, file), {
    // The `yaml` package: the parser's bundled YAML reader rejects a flow mapping in the OIDC models.
    parse: { yaml: { order: 1, canParse: /\.ya?ml$/i, parse: (info: { data: Buffer | string }) => YAML.parse(info.data.toString()) as unknown } },
    resolve: {
      http: false,
      file: {
        order: 1,
        canRead: true,
        async read(info: { url: string }) {
          const wanted = path.normalize(decodeURIComponent(info.url.replace(/^file:\/\//, '')));
          const relative = path.relative(specsDir, wanted);
          const actual = MISSING_FILES[relative] !== undefined ? path.join(specsDir, MISSING_FILES[relative]) : wanted;
          return readFile(actual);
        },
      },
    },
  })) as unknown as Spec;
}

/**
 * The definitions use `oneOf` between schemas that do not exclude each other (e.g. two problem types
 * that are both plain ProblemDetailsBase), so any body matches both branches and `oneOf` could never
 * pass. Read them as the documentation reads: "one of these shapes" = anyOf.
 */
export function oneOfAsAnyOf(schema: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (seen.has(schema)) return seen.get(schema);
  const out: Json | unknown[] = Array.isArray(schema) ? [] : {};
  seen.set(schema, out);
  for (const [key, value] of Object.entries(schema)) (out as Json)[key === 'oneOf' ? 'anyOf' : key] = oneOfAsAnyOf(value, seen);
  return out;
}

export const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
// Formats the definitions name that are not JSON Schema formats (documentation only).
for (const format of ['E.164', 'Datetime ISO 8601', 'ipv4 | ipv6']) ajv.addFormat(format, true);

// Without ../shared beside the clone (a fresh clone of this repository alone) there is nothing to conform to.
export const specsAvailable = {
  missing: existsSync(specsDir) ? undefined : `tru.ID's OpenAPI definitions are not at ${specsDir}`,
  fix: 'put them at ../shared/truid-openapi/specs beside the repository',
};
