/** Asks the local Docker daemon which storage it uses (for `--docker-store auto`). */
import { execFileSync } from 'node:child_process';

/** `docker info`'s DriverStatus as JSON, or undefined when docker is absent, refused or slow. */
export function runDockerInfo(): string | undefined {
  try {
    return execFileSync('docker', ['info', '--format', '{{json .DriverStatus}}'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
