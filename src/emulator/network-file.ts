// The optional JSON network file (`--network`, EMULATOR_NETWORK_FILE) that replaces defaultNetwork().
import { readFile } from 'node:fs/promises';
import { InputError } from './input-error.js';
import { parseNetwork, type NetworkDefinition } from './network.js';

export async function loadNetworkFile(path: string): Promise<NetworkDefinition> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Emulator network file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Emulator network file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseNetwork(json);
  } catch (error) {
    if (error instanceof InputError) throw new Error(`Emulator network file ${path} is invalid: ${error.issues.join('; ')}`, { cause: error });
    throw error;
  }
}
