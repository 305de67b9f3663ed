// Judges the conformance suite's results against not-applicable.txt.
//
// usage: node judge.mjs not-applicable.txt <era>=<results dir> ...
//
// Each results dir holds one `server-<scenario>-<timestamp>/checks.json` per scenario the
// suite ran for that era. A scenario run passes when none of its checks has status FAILURE,
// apart from checks not-applicable.txt names (`scenario:check-id`); a scenario listed
// whole (`scenario`) is counted as not applicable. Warnings are shown, not failed. An entry
// that excuses no failure (for a whole scenario: no failure or warning) in any era is stale
// and fails the run, so the list stays true. A scenario in which the suite itself found
// nothing to check (no check passed or failed) counts as not applicable, with its note.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [listPath, ...eras] = process.argv.slice(2);
let problems = 0;
const problem = (line) => {
  problems++;
  console.log(`  ! ${line}`);
};

// scenario or scenario:check-id -> { reason, used }
const entries = new Map();
readFileSync(listPath, 'utf8')
  .split('\n')
  .forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = line.match(/^(\S+)\s+(\S.*)$/);
    if (!m) return problem(`${listPath}:${i + 1}: an entry needs a name and a reason`);
    if (entries.has(m[1])) return problem(`${listPath}:${i + 1}: ${m[1]} is listed twice`);
    entries.set(m[1], { reason: m[2], used: false });
  });
for (const key of entries.keys()) {
  const [scenario, check] = key.split(':');
  if (check && entries.has(scenario)) problem(`${key}: ${scenario} is also listed whole`);
}

const said = (c, n) =>
  (c ? c.errorMessage || c.details?.message || c.description || '' : '').replace(/\s+/g, ' ').slice(0, n);

const total = { passed: 0, failed: 0, na: 0 };
for (const arg of eras) {
  const [era, dir] = arg.split('=');
  const counts = { passed: 0, failed: 0, na: 0 };
  const runs = existsSync(dir) ? readdirSync(dir).sort() : [];
  if (runs.length === 0) problem(`${era}: the suite produced no results`);
  for (const run of runs) {
    const m = run.match(/^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/);
    const scenario = m ? m[1] : run;
    let checks;
    try {
      checks = JSON.parse(readFileSync(join(dir, run, 'checks.json'), 'utf8'));
    } catch (e) {
      problem(`${era} ${scenario}: no readable checks.json (${e.message})`);
      counts.failed++;
      continue;
    }
    const failures = checks.filter((c) => c.status === 'FAILURE');
    const warnings = checks.filter((c) => c.status === 'WARNING');
    const whole = entries.get(scenario);
    if (whole) {
      if (failures.length > 0 || warnings.length > 0) whole.used = true;
      counts.na++;
      continue;
    }
    // The suite found nothing to check (e.g. session lifecycle on a stateless server): no
    // check of the scenario's own passed (the synthetic wire-schema checks do not count).
    const exercised = checks.some((c) => c.status === 'SUCCESS' && !c.id.startsWith('wire-schema-'));
    if (failures.length === 0 && !exercised) {
      const note = checks.find((c) => c.status !== 'INFO' || c.id.endsWith('skipped')) || checks[0];
      console.log(`  - ${era} ${scenario}: nothing to check (${said(note, 120)})`);
      counts.na++;
      continue;
    }
    for (const w of warnings) {
      console.log(`  ~ ${era} ${scenario}:${w.id} (warning) ${said(w, 120)}`);
    }
    const unexcused = failures.filter((c) => {
      const entry = entries.get(`${scenario}:${c.id}`);
      if (entry) entry.used = true;
      return !entry;
    });
    if (unexcused.length === 0) {
      counts.passed++;
      continue;
    }
    counts.failed++;
    for (const c of unexcused) {
      console.log(`  ✗ ${era} ${scenario}:${c.id} ${said(c, 200)}`);
    }
  }
  console.log(`${era}: ${counts.passed} passed, ${counts.failed} failed, ${counts.na} not applicable`);
  for (const k of Object.keys(total)) total[k] += counts[k];
}
for (const [key, entry] of entries) {
  if (!entry.used) problem(`not-applicable.txt lists ${key}, but it failed nowhere: remove it`);
}
console.log(`conformance: ${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 || problems > 0 ? 1 : 0);
