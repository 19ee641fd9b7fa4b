/**
 * Copies the browser tests' screenshots shown in the README into docs/screenshots, shrunk and palette-compressed so
 * the committed set stays a few hundred KB. Run after the browser tests:
 *   node -r @swc-node/register apps/web/e2e/docs-screenshots.ts
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT, SCREENSHOTS } from './browser';

const DOCS = path.join(REPO_ROOT, 'docs', 'screenshots');

/** Screenshot of the tests → file in docs, and the width it is shrunk to. */
const CHOSEN = [
  { from: 'run-page-decision.png', to: 'run-page.png', width: 1100 },
  { from: 'page-run-390.png', to: 'run-page-phone.png', width: 390 },
  { from: 'model-forecast-390.png', to: 'saved-model-forecast-phone.png', width: 390 },
  { from: 'forecast-export.png', to: 'forecast-export.png', width: 1400 },
];

async function main() {
  await mkdir(DOCS, { recursive: true });
  for (const { from, to, width } of CHOSEN) {
    const target = path.join(DOCS, to);
    await sharp(path.join(SCREENSHOTS, from))
      .resize({ width, withoutEnlargement: true })
      .png({ palette: true, colours: 128, compressionLevel: 9, effort: 10 })
      .toFile(target);
    console.log(`${to}: ${Math.round((await stat(target)).size / 1024)} KB`);
  }
}

void main();
