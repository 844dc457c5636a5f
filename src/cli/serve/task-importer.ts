/**
 * The server's task importer (src/server/route.ts, TaskImporter) over the application's use case
 * (src/app/import-task.ts): a SkyPilot task file or a skyfleet workload file → one WorkloadSpec per task, with the
 * warnings. The catalogue is read from the file system (the InputFiles adapter) once per request.
 */
import { detectFormat, type ImportedTasks, importTaskFromText } from '../../app/import-task.js';
import type { WorkloadSpec } from '../../control/records.js';
import type { TaskImporter } from '../../server/route.js';
import { fileInputs } from '../adapters/input-files.js';

type ImportedTask = ImportedTasks['imported']['tasks'][number];

function specOf(t: ImportedTask, source: string): WorkloadSpec {
  const r = t.run;
  const secrets = Object.fromEntries(Object.entries(r.secrets).map(([k, v]) => [k, v.value]));
  const workdir = r.workdir === undefined ? undefined : typeof r.workdir === 'string' ? r.workdir : r.workdir.url;
  return {
    name: t.workload.id,
    workload: t.workload,
    ...(r.run === undefined ? {} : { run: r.run }),
    ...(r.setup === undefined ? {} : { setup: r.setup }),
    ...(Object.keys(r.envs).length > 0 ? { envs: r.envs } : {}),
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    ...(workdir === undefined ? {} : { workdir }),
    source,
  };
}

export const importTasks: TaskImporter = (text, source) => {
  const format = detectFormat(source, text);
  const { imported } = importTaskFromText(fileInputs, text, source, format === 'scenario' ? 'skypilot' : format);
  return {
    workloads: imported.tasks.map((t) => specOf(t, source)),
    warnings: imported.warnings.map((w) => ({
      code: w.code,
      message: w.message,
      ...(w.file === undefined ? {} : { file: w.file }),
      ...(w.line === undefined ? {} : { line: w.line }),
      ...(w.col === undefined ? {} : { col: w.col }),
    })),
  };
};
