// The renderer threads' entry: registers tsx in the worker (workers do not inherit the parent's
// loader), then loads the TypeScript worker. The same file serves `openseal serve`, vitest and tsx.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
