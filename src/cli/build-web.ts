import { fileURLToPath } from 'node:url';

/** Builds the React UI with Vite (a devDependency, installed by a plain `npm install`). */
export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
