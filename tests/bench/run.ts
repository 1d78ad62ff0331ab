/**
 * `npm run bench [-- NAME]`: one JSON line per benchmark on stdout; NAME runs only those whose
 * name starts with it. Never part of `npm test`: timings belong here, not in assertions.
 * Each area's module exports its benchmarks; later areas add theirs to this list.
 */
import { appointmentBenchmarks, disposeTenYearClinic } from './appointments';
import { frontDeskBenchmarks } from './frontdesk';
import type { Benchmark } from './harness';
import { disposeMillionPatients, patientBenchmarks } from './patients';

const benchmarks: Benchmark[] = [...patientBenchmarks, ...appointmentBenchmarks, ...frontDeskBenchmarks];

const filter = process.argv[2] ?? '';
try {
  for (const benchmark of benchmarks.filter((b) => b.name.startsWith(filter))) {
    const result = await benchmark.run();
    process.stdout.write(`${JSON.stringify({ bench: benchmark.name, ...result })}\n`);
  }
} finally {
  await disposeMillionPatients();
  await disposeTenYearClinic();
}
