// Placeholder until the Ink wizard lands: the interactive path says so instead of failing.
import type { CliIO } from '../cli/io.js';
import type { loadCleanTrees } from '../cli/trees.js';

export interface WizardOptions {
  io: CliIO;
  loaded: NonNullable<Awaited<ReturnType<typeof loadCleanTrees>>>;
  tree?: string;
  ticket?: string;
  noColor: boolean;
  dataDir?: string;
  resumeId?: string;
}

export async function runWizard(options: WizardOptions): Promise<number> {
  options.io.stderr.write('eas-doctor: the interactive wizard is not built yet; use "eas-doctor run TREE --answers FILE"\n');
  return 2;
}
