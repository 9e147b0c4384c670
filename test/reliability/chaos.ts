/**
 * `npm run chaos`: the reliability and security suite (test/reliability) in its long mode. It runs
 * the same scenario modules as the CI tests, at the sizes in test/reliability/sizes.ts, and prints
 * the figures as markdown on stdout (progress on stderr). Exit 1 when any scenario failed.
 */
import { runConcurrency } from './scenarios/concurrency.js';
import { CORRUPT_KINDS, runCorruptDatabases } from './scenarios/corrupt.js';
import { runCrashTrials } from './scenarios/crash.js';
import { faultCasesOn, runFaultMatrix } from './scenarios/faults.js';
import { runFuzz } from './scenarios/fuzz.js';
import { Lab } from './scenarios/harness.js';
import { runHostilePayloads } from './scenarios/hostile.js';
import { runSecrets } from './scenarios/secrets.js';
import { LONG_SIZES } from './sizes.js';

const sizes = LONG_SIZES;
const progress = (text: string) => process.stderr.write(`chaos: ${text}\n`);
const lines: string[] = [];
const out = (line = '') => lines.push(line);
let failures = 0;

async function section<T>(name: string, run: (lab: Lab) => Promise<T>): Promise<T> {
  progress(`${name}…`);
  const started = Date.now();
  const lab = new Lab();
  try {
    return await run(lab);
  } finally {
    await lab.close();
    progress(`${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

const started = Date.now();

const crash = await section('crash-resume', (lab) => runCrashTrials(lab, sizes.crash));
const crashPassed = crash.trials.filter((t) => t.passed).length;
failures += crash.trials.length - crashPassed;

const faults = await section('fault matrix', (lab) => runFaultMatrix(lab, faultCasesOn('sqlite', sizes.stormRetryAfterSeconds)));
failures += faults.filter((f) => !f.passed).length;

const concurrency = await section('concurrency', (lab) => runConcurrency(lab, sizes.concurrency));
const concurrencyOk =
  concurrency.syncExit === 0 && concurrency.readerFailures.length === 0 && concurrency.secondSyncExit === 75 && concurrency.backupsConsistent === concurrency.backups && concurrency.integrity;
if (!concurrencyOk) failures += 1;

const fuzz = await section('fuzzing', (lab) => runFuzz(lab, { runs: sizes.fuzzRuns, seed: sizes.fuzzSeed }));
failures += fuzz.findings.length;

const hostile = await section('hostile payloads', (lab) => runHostilePayloads(lab));
failures += hostile.filter((h) => !h.passed).length;

const secrets = await section('secrets', (lab) => runSecrets(lab));
const badModes = secrets.modes.filter((m) => !m.ok);
failures += secrets.leaks.length + badModes.length + secrets.unexpectedExits.length + (secrets.urlWarned ? 0 : 1);

const corrupt = await section('corrupt databases', (lab) => runCorruptDatabases(lab));
failures += corrupt.filter((c) => !c.passed).length;

const lost = crash.trials.reduce((sum, t) => sum + t.lost, 0) + faults.reduce((sum, f) => sum + f.lost, 0) + hostile.reduce((sum, h) => sum + h.lost, 0);
const landed = (where: string) => crash.trials.filter((t) => t.landed === where).length;

out('## Reliability');
out();
out(`Produced by \`npm run chaos\` (${((Date.now() - started) / 60_000).toFixed(1)} min); CI runs the same scenarios smaller (\`test/reliability\`).`);
out();
out('| figure | result |');
out('| --- | --- |');
out(`| crash-resume: \`kill -9\` at seeded random moments, then a normal sync | **${crashPassed}/${crash.trials.length} trials identical** to an undisturbed sync (every stored field, the NDJSON export, archived audio; \`integrity_check\` and FTS5 \`integrity-check\` after the kill and after the resume) |`);
out(`| where the kills landed | ${landed('call-log')} in the call log, ${landed('transcripts')} in transcripts, ${landed('audio')} in audio downloads, ${landed('before-start')} before the database opened, ${landed('after-end')} after the run ended |`);
out(`| faults survived | **${faults.filter((f) => f.passed).length}/${faults.length}** (table below) |`);
out(`| recordings lost (crashes, faults, hostile payloads) | **${lost}** |`);
out(`| concurrency | ${concurrency.readerRunsDuringSync} reader runs (search, stats, export, get) during one sync, **${concurrency.readerFailures.length} failed**; a second sync exited ${concurrency.secondSyncExit}; ${concurrency.backupsConsistent}/${concurrency.backups} backups taken during the sync consistent |`);
out(`| inputs fuzzed (fast-check) | **${fuzz.total.toLocaleString('en-US')}**, ${fuzz.findings.length} findings (exit codes: ${Object.entries(fuzz.exits).map(([code, n]) => `${n} × ${code}`).join(', ')}) |`);
out(`| hostile payloads | **${hostile.filter((h) => h.passed).length}/${hostile.length}** stored safely or rejected per record, no crash, no corruption, nothing raw on a terminal |`);
out(`| leaks found | **${secrets.leaks.length}** (${secrets.secretsTracked} secrets and tokens tracked through ${secrets.commands} \`--verbose\` runs of every command, ${secrets.filesScanned} files scanned) |`);
out(`| private file modes | ${secrets.modes.length - badModes.length}/${secrets.modes.length} files 0600 and folders 0700 (database, WAL, SHM, token file, audio archive, cache, backup) |`);
out(`| corrupt or foreign database file | **${corrupt.filter((c) => c.passed).length}/${corrupt.length}** command runs refused with exit 1 and one line, the file untouched (${CORRUPT_KINDS.length} kinds of file × ${corrupt.length / CORRUPT_KINDS.length} commands) |`);
out();
out('| fault | exit | outcome | lost |');
out('| --- | --- | --- | --- |');
for (const f of faults) out(`| ${f.name} | ${f.exitCode} | ${f.outcome.replace(/\|/g, '\\|')}${f.passed ? '' : ` — FAILED: ${f.problem ?? ''}`} | ${f.lost} |`);
out();
out('| hostile payload | handled | lost |');
out('| --- | --- | --- |');
for (const h of hostile) out(`| ${h.payload} | ${h.handling}${h.passed ? '' : ' — FAILED'} | ${h.lost} |`);
out();
out(`Fuzzed inputs by property: ${Object.entries(fuzz.inputs).map(([name, n]) => `${name} ${n}`).join('; ')}.`);

const problems = [
  ...crash.trials.filter((t) => !t.passed).map((t) => `crash trial (kill after ${t.killAfterMs} ms, ${t.landed}): ${t.difference}`),
  ...concurrency.readerFailures.map((f) => `reader: ${f}`),
  ...fuzz.findings.map((f) => `fuzz ${f.property}: ${f.problem} for ${f.input.slice(0, 200)}`),
  ...hostile.filter((h) => !h.passed).map((h) => `hostile ${h.payload}: ${JSON.stringify(h)}`),
  ...secrets.leaks.map((l) => `leak: ${l}`),
  ...secrets.unexpectedExits.map((e) => `secrets run: ${e}`),
  ...badModes.map((m) => `mode ${m.mode}: ${m.path}`),
  ...corrupt.filter((c) => !c.passed).map((c) => `corrupt ${c.file} / ${c.command}: exit ${c.exitCode} ${c.message}`),
];
if (problems.length > 0) {
  out();
  out('Problems:');
  for (const problem of problems) out(`- ${problem}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = failures > 0 ? 1 : 0;
