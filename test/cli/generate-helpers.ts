/** `so-soap generate` run in-process (runGenerate) with its output captured. */
import { runGenerate } from '../../codegen/cli';

export async function runGenerateCaptured(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runGenerate(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}
