import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** One module specifier a source file depends on, where it is written. */
export interface ImportSite {
  specifier: string;
  line: number;
  /** `import type` / `export type` / `import('x').T`: gone after compilation, still a dependency. */
  typeOnly: boolean;
  /** `import('x')` or `require('x')` in code: loaded when that line runs, not with the file. */
  dynamic?: boolean;
}

/** One Kysely query builder call naming a table (`selectFrom('users as u')` -> `users`). */
export interface TableSite {
  method: string;
  table: string;
  line: number;
}

export interface ScannedSource {
  imports: ImportSite[];
  tables: TableSite[];
}

const TABLE_METHODS = new Set([
  'selectFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'innerJoinLateral',
  'leftJoinLateral',
]);
// Raw SQL written as sql`...`: the words that name a table after them.
const RAW_TABLE = /\b(?:from|join|into|update)\s+"?([a-z_][a-z0-9_]*)"?/gi;

const SOURCE_FILE = /\.(?:ts|tsx|mts|js|mjs)$/;

/** Every TypeScript/JavaScript source under `dir` (node_modules, dist and fixtures data left out). */
export function listSources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listSources(path));
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found.sort();
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined;
}

function tableName(reference: string): string {
  return reference
    .trim()
    .split(/\s+as\s+/i)[0]!
    .trim();
}

/** The imports and table-naming query calls of one file, parsed with the TypeScript parser. */
export function scanSource(fileName: string, text: string): ScannedSource {
  const kind = fileName.endsWith('x')
    ? ts.ScriptKind.TSX
    : fileName.endsWith('js')
      ? ts.ScriptKind.JS
      : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const lineOf = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const imports: ImportSite[] = [];
  const tables: TableSite[] = [];

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      imports.push({ specifier: literalText(node.moduleSpecifier)!, line: lineOf(node), typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      imports.push({
        specifier: literalText(node.moduleSpecifier)!,
        line: lineOf(node),
        typeOnly: node.isTypeOnly,
      });
    } else if (ts.isImportTypeNode(node)) {
      const specifier = ts.isLiteralTypeNode(node.argument) ? literalText(node.argument.literal) : undefined;
      if (specifier) imports.push({ specifier, line: lineOf(node), typeOnly: true });
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const callee = node.expression;
      if (
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === 'require')
      ) {
        const specifier = literalText(first);
        if (specifier) imports.push({ specifier, line: lineOf(node), typeOnly: false, dynamic: true });
      } else if (ts.isPropertyAccessExpression(callee) && TABLE_METHODS.has(callee.name.text) && first) {
        const names = ts.isArrayLiteralExpression(first) ? first.elements : [first];
        for (const name of names) {
          const reference = literalText(name);
          if (reference)
            tables.push({ method: callee.name.text, table: tableName(reference), line: lineOf(name) });
        }
      }
    } else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'URL'
    ) {
      // new URL('./render-worker.ts', import.meta.url): a worker thread's entry is a dependency too.
      const specifier = literalText(node.arguments?.[0]);
      const base = node.arguments?.[1];
      if (
        specifier?.startsWith('.') &&
        SOURCE_FILE.test(specifier) &&
        base &&
        /import\.meta\.url/.test(base.getText(file))
      ) {
        imports.push({ specifier, line: lineOf(node), typeOnly: false });
      }
    } else if (ts.isTaggedTemplateExpression(node) && /^sql\b/.test(node.tag.getText(file))) {
      const raw = node.template.getText(file);
      for (const match of raw.matchAll(RAW_TABLE)) {
        const before = raw.slice(0, match.index);
        tables.push({
          method: 'sql',
          table: match[1]!,
          line: lineOf(node) + (before.match(/\n/g)?.length ?? 0),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  // A chained query is visited from its last call inward: report in reading order.
  return { imports, tables: tables.sort((a, b) => a.line - b.line) };
}

/**
 * Only the imports of one file, from TypeScript's pre-processing scanner: several times faster than a
 * parse, but it cannot tell a type-only import (`typeOnly` is false) and finds no table names.
 */
export function scanImports(text: string): ScannedSource {
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return {
    imports: importedFiles.map((f) => ({ specifier: f.fileName, line: lineOf(f.pos), typeOnly: false })),
    tables: [],
  };
}

/** A file on disk: parsed in full when `parse` (tables, type-only imports), else `scanImports`. */
export function scanFile(path: string, parse: boolean): ScannedSource {
  const text = readFileSync(path, 'utf8');
  return parse ? scanSource(path, text) : scanImports(text);
}
