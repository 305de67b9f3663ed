// Counts o200k_base tokens of every text measure.py collected, offline: the encoding's
// ranks ship inside the gpt-tokenizer package (pinned in package-lock.json), so nothing
// is downloaded at run time.
//
// Usage: node count.mjs TEXTS.json > COUNTS.json
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const counts = {};
for (const [key, text] of Object.entries(input.texts)) {
  counts[key] = text === '' ? 0 : encode(text).length;
}
const pkg = createRequire(import.meta.url)('gpt-tokenizer/package.json');
process.stdout.write(
  JSON.stringify({
    meta: input.meta,
    tokenizer: { package: pkg.name, version: pkg.version, encoding: 'o200k_base' },
    counts,
    chars: Object.fromEntries(Object.entries(input.texts).map(([k, t]) => [k, t.length])),
  }),
);
