import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { type ImportSite, listSources, type ScannedSource, scanFile, type TableSite } from './source-scan.ts';

/** A broken layer rule: where, and the rule in plain words. */
export interface Violation {
  file: string;
  line: number;
  rule: string;
}

/** A source file of the repository, repo-relative path with `/` separators. */
export interface SourceFile extends ScannedSource {
  path: string;
}

/** A workspace (`packages/x` or `apps/x`), its package name and the subpaths its `exports` declare. */
export interface Workspace {
  dir: string;
  name: string;
  /** `exports` keys other than '.', e.g. './test-support': entries the package publishes on purpose. */
  subpaths?: readonly string[];
}

export interface Repo {
  files: SourceFile[];
  workspaces: Workspace[];
  /** table -> owning server module (apps/server/src/db/table-owners.ts). */
  tableOwners: Readonly<Record<string, string>>;
}

const WORKSPACE_ROOTS = ['packages', 'apps'];
/** Server code is parsed in full (table names, type-only imports); the rest only scanned for imports. */
const SERVER = 'apps/server/src';
const SCANNED_ROOTS = ['packages', 'apps', 'bench', 'scripts'];

function toRepoPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** Reads the workspaces and scans every source file of the repository at `root`. */
export function loadRepo(root: string, tableOwners: Readonly<Record<string, string>>): Repo {
  const workspaces: Workspace[] = [];
  for (const base of WORKSPACE_ROOTS) {
    for (const path of workspaceDirs(join(root, base))) {
      const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
      const subpaths = Object.keys(manifest.exports ?? {}).filter((key) => key !== '.');
      workspaces.push({ dir: toRepoPath(root, path), name: manifest.name, subpaths });
    }
  }
  const files = SCANNED_ROOTS.filter((dir) => existsSync(join(root, dir)))
    .flatMap((dir) => listSources(join(root, dir)))
    .map((path) => toRepoPath(root, path))
    .map((path) => ({ path, ...scanFile(join(root, path), path.startsWith(`${SERVER}/`)) }));
  return { files, workspaces, tableOwners };
}

function workspaceDirs(base: string): string[] {
  return readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(base, e.name, 'package.json')))
    .map((e) => join(base, e.name));
}

/** Where an import leads: a repo path (relative imports) and/or a workspace package. */
interface Target {
  /** Repo-relative path the specifier points at (without extension resolution), for relative imports. */
  path?: string;
  workspace?: Workspace;
  /** `@openseal/x/...` that the package's `exports` do not declare: a path past its public entries. */
  deep: boolean;
}

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

function workspaceOf(repo: Repo, path: string): Workspace | undefined {
  return repo.workspaces.find((w) => within(path, w.dir));
}

function resolveImport(repo: Repo, from: string, specifier: string): Target | undefined {
  if (specifier.startsWith('.')) {
    const path = resolve('/', dirname(from), specifier).slice(1);
    return { path, workspace: workspaceOf(repo, path), deep: false };
  }
  const workspace = repo.workspaces.find((w) => specifier === w.name || specifier.startsWith(`${w.name}/`));
  if (!workspace) return undefined;
  const subpath = `.${specifier.slice(workspace.name.length)}`;
  return { workspace, deep: subpath !== '.' && !workspace.subpaths?.includes(subpath) };
}

function isTest(path: string): boolean {
  return (
    /\.test\.tsx?$/.test(path) || /\.test-support\.ts$/.test(path) || /^apps\/[^/]+\/(test|e2e)\//.test(path)
  );
}

type ImportRule = (file: SourceFile, site: ImportSite, target: Target) => string | undefined;

function checkImports(repo: Repo, applies: (path: string) => boolean, rule: ImportRule): Violation[] {
  const found: Violation[] = [];
  for (const file of repo.files.filter((f) => applies(f.path))) {
    for (const site of file.imports) {
      const target = resolveImport(repo, file.path, site.specifier);
      const broken = target && rule(file, site, target);
      if (broken) found.push({ file: file.path, line: site.line, rule: broken });
    }
  }
  return found;
}

const isApp = (w: Workspace | undefined) => !!w && w.dir.startsWith('apps/');

/** Nothing in packages/ imports an app (libraries stay usable without the server or the console). */
export function packagesNeverImportApps(repo: Repo): Violation[] {
  return checkImports(
    repo,
    (path) => path.startsWith('packages/'),
    (_file, site, target) =>
      isApp(target.workspace) || target.path?.startsWith('apps/')
        ? `a package must never import an app, but this imports '${site.specifier}'`
        : undefined,
  );
}

/** The console shares only the API contract with the rest of the tree. */
export function webImportsOnlyContract(repo: Repo): Violation[] {
  return checkImports(
    repo,
    (path) => path.startsWith('apps/web/src/'),
    (_file, site, target) => {
      if (target.workspace?.dir === 'apps/web') return undefined;
      if (target.workspace?.name === '@openseal/contract' && !target.deep && !target.path) return undefined;
      return `the web console may import only '@openseal/contract' among the workspace's packages and never server code, but this imports '${site.specifier}'`;
    },
  );
}

const PDF_SIGN = 'packages/pdf-sign/src';
/** Packages below pdf-sign's core: it may use them through their public entry. */
const BELOW_PDF_CORE = new Set(['@openseal/common', '@openseal/pki']);

/** pdf-sign's core/ (objects, revisions, byte ranges) stands on nothing above it. */
export function pdfSignCoreStandsAlone(repo: Repo): Violation[] {
  return checkImports(
    repo,
    (path) => path.startsWith(`${PDF_SIGN}/core/`) && !isTest(path),
    (_file, site, target) => {
      if (target.path) {
        return within(target.path, `${PDF_SIGN}/core`)
          ? undefined
          : `pdf-sign's core/ may import only core/ and lower packages, but this imports '${site.specifier}'`;
      }
      return target.workspace && !BELOW_PDF_CORE.has(target.workspace.name)
        ? `pdf-sign's core/ may import only core/ and lower packages (${[...BELOW_PDF_CORE].join(', ')}), but this imports '${site.specifier}'`
        : undefined;
    },
  );
}

/** A verifier that signs could vouch for its own output: validate/ never imports sign/. */
export function pdfSignValidateNeverSigns(repo: Repo): Violation[] {
  return checkImports(
    repo,
    (path) => path.startsWith(`${PDF_SIGN}/validate/`),
    (_file, site, target) =>
      target.path && within(target.path, `${PDF_SIGN}/sign`)
        ? `pdf-sign's validate/ must never import sign/, but this imports '${site.specifier}'`
        : undefined,
  );
}

/** packages/common is the bottom of the tree. */
export function commonStandsAlone(repo: Repo): Violation[] {
  return checkImports(
    repo,
    (path) => path.startsWith('packages/common/'),
    (_file, site, target) =>
      target.workspace && target.workspace.dir !== 'packages/common'
        ? `packages/common must not import any other workspace package, but this imports '${site.specifier}'`
        : undefined,
  );
}

/**
 * Code outside a workspace reaches it only through its public entries: `@openseal/x`, or a subpath its
 * package.json `exports` declare (`@openseal/pdf-sign/test-support`), never a path into its files.
 */
export function publicEntryOnly(repo: Repo): Violation[] {
  return checkImports(
    repo,
    // scripts/ is the repository's own tooling: the layer test reads the server's table map by path.
    (path) => !path.startsWith('scripts/'),
    (file, site, target) => {
      const own = workspaceOf(repo, file.path);
      if (!target.workspace || target.workspace === own) return undefined;
      if (!target.deep && !target.path) return undefined;
      return `code outside ${target.workspace.dir} must import it only through its public entry '${target.workspace.name}' (or a subpath its package.json exports), but this imports '${site.specifier}'`;
    },
  );
}

/**
 * The server "module" a path belongs to: a folder under modules/, or plugins/ or demo/.
 * Other server files (app.ts, db/, config.ts, errors.ts) are shared ground, not modules.
 */
export function serverModuleOf(path: string): string | undefined {
  const match = /^apps\/server\/src\/(?:modules\/([^/]+)\/|(plugins|demo)\/)/.exec(path);
  return match ? (match[1] ?? match[2]) : undefined;
}

function isServerModuleCode(path: string): boolean {
  return !!serverModuleOf(path) && !isTest(path);
}

/** A server module queries only its own tables; the demo (a module owning none) only calls services. */
export function modulesQueryOwnTables(repo: Repo): Violation[] {
  const found: Violation[] = [];
  for (const file of repo.files.filter(
    (f) => isServerModuleCode(f.path) && f.path.startsWith(`${SERVER}/`),
  )) {
    const module = serverModuleOf(file.path)!;
    // Plugins query no table at all (pluginsQueryNoTable).
    if (module === 'plugins') continue;
    for (const site of file.tables) {
      const owner = repo.tableOwners[site.table];
      if (owner && owner !== module)
        found.push({ file: file.path, line: site.line, rule: tableRule(module, owner, site) });
    }
  }
  return found;
}

function tableRule(module: string, owner: string, site: TableSite): string {
  return `server module '${module}' queries table '${site.table}' (${site.method}), which belongs to module '${owner}': call an exported service function of '${owner}' instead`;
}

/**
 * The server's plugins (session, authorize, the request pipeline) query no table, not even an unowned
 * one: the app passes them the owning modules' service functions through their options.
 */
export function pluginsQueryNoTable(repo: Repo): Violation[] {
  return repo.files
    .filter((f) => f.path.startsWith(`${SERVER}/plugins/`) && !isTest(f.path))
    .flatMap((file) =>
      file.tables.map((site) => {
        const owner = repo.tableOwners[site.table];
        const serve = owner
          ? `an exported service function of '${owner}'`
          : 'a service function of its owner';
        return {
          file: file.path,
          line: site.line,
          rule: `plugins must not query tables, but this queries '${site.table}' (${site.method}): let the app pass the plugin ${serve} in its options`,
        };
      }),
    );
}

interface Edge {
  from: string;
  to: string;
  file: string;
  line: number;
  specifier: string;
}

/**
 * Server modules import one another without cycles (plugins/ and demo/ count as modules). Type-only
 * imports are erased before the code runs, so only value imports make a cycle.
 */
export function noServerModuleCycles(repo: Repo): Violation[] {
  const edges: Edge[] = [];
  for (const file of repo.files.filter((f) => isServerModuleCode(f.path))) {
    const from = serverModuleOf(file.path)!;
    for (const site of file.imports.filter((i) => !i.typeOnly)) {
      const target = resolveImport(repo, file.path, site.specifier);
      const to = target?.path && serverModuleOf(target.path);
      if (to && to !== from)
        edges.push({ from, to, file: file.path, line: site.line, specifier: site.specifier });
    }
  }
  const found: Violation[] = [];
  for (const component of stronglyConnected(edges)) {
    const members = [...component].sort().join(', ');
    for (const edge of edges.filter((e) => component.has(e.from) && component.has(e.to))) {
      found.push({
        file: edge.file,
        line: edge.line,
        rule: `server modules must not import each other in a cycle (${members}): '${edge.from}' imports '${edge.to}' here ('${edge.specifier}') while '${edge.to}' reaches back to '${edge.from}'`,
      });
    }
  }
  return found;
}

/** Tarjan's algorithm: the groups of two or more modules that reach one another. */
function stronglyConnected(edges: Edge[]): Set<string>[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: Set<string>[] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component = new Set<string>();
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.add(member);
      } while (member !== node);
      if (component.size > 1) components.push(component);
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

/**
 * The demo (src/demo/) is loaded only for the demo: server code outside it may import its types, or
 * load it with `import()` on the seed path, but never import it with the file.
 */
export function demoLoadedOnlyForTheDemo(repo: Repo): Violation[] {
  return checkImports(
    repo,
    (path) => path.startsWith(`${SERVER}/`) && !path.startsWith(`${SERVER}/demo/`) && !isTest(path),
    (_file, site, target) =>
      target.path && within(target.path, `${SERVER}/demo`) && !site.typeOnly && !site.dynamic
        ? `server code may load the demo only with import() on its seed path, but this imports '${site.specifier}' with the file`
        : undefined,
  );
}

/** Every rule, by the name its test carries. */
export const LAYER_RULES: Record<string, (repo: Repo) => Violation[]> = {
  'packages never import apps': packagesNeverImportApps,
  'the web console imports only @openseal/contract': webImportsOnlyContract,
  "pdf-sign's core/ imports nothing above it": pdfSignCoreStandsAlone,
  "pdf-sign's validate/ never imports sign/": pdfSignValidateNeverSigns,
  'packages/common imports no other workspace package': commonStandsAlone,
  'workspaces reach each other only through their public entry': publicEntryOnly,
  "server modules do not query each other's tables": modulesQueryOwnTables,
  'plugins query no table': pluginsQueryNoTable,
  'server modules import each other without cycles': noServerModuleCycles,
  'the demo is loaded only for the demo': demoLoadedOnlyForTheDemo,
};

/** One line per violation: `path:line: rule`. */
export function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line}: ${v.rule}`).join('\n');
}
