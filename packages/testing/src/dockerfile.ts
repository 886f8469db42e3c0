import { posix } from 'node:path';

/**
 * A Dockerfile as a build would run it, without Docker (no engine on the developer
 * machines): the stages a target needs, in order, each instruction with the build arguments
 * and ENV values substituted where Docker substitutes them, and the WORKDIR and ENV it runs
 * in. infra/docker/dry-run.ts executes such a plan; the deploy-files tests read it.
 */
export type Step = {
  op: string;
  /** The instruction's arguments; `$NAME` and `${NAME}` expanded except in RUN, CMD and HEALTHCHECK. */
  line: string;
  workdir: string;
  env: Record<string, string>;
  /** The build arguments the stage declared: RUN sees them as environment variables. */
  args: Record<string, string>;
};

export type PlannedStage = {
  name: string;
  /** The stage it starts from, when it starts from one of this Dockerfile (`FROM install AS build`). */
  parent?: string;
  image?: string;
  steps: Step[];
};

export type BuildOptions = { buildArgs?: Record<string, string>; target?: string };

type Instruction = { op: string; args: string };

/** Instructions whose arguments Docker expands (the shell expands RUN's, at build time). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'USER', 'WORKDIR']);

function parseInstructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** `$NAME` and `${NAME}` from `vars`; an unknown name expands to nothing, as in Docker. */
function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_, braced?: string, bare?: string) => {
    return vars[(braced ?? bare)!] ?? '';
  });
}

export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/(\w+)=("[^"]*"|\S*)/g)) {
    env[match[1]!] = match[2]!.replace(/^"|"$/g, '');
  }
  return env;
}

/** The stages `target` (default: the last) needs, in file order, ready to run. */
export function planBuild(text: string, options: BuildOptions = {}): PlannedStage[] {
  const buildArgs = options.buildArgs ?? {};
  const globals: Record<string, string> = {};
  const stages: (PlannedStage & { needs: Set<string> })[] = [];
  let stage: (PlannedStage & { needs: Set<string> }) | undefined;
  let workdir = '/';
  let env: Record<string, string> = {};
  let args: Record<string, string> = {};

  for (const { op, args: raw } of parseInstructions(text)) {
    if (op === 'ARG') {
      const [name = '', fallback] = raw.split('=');
      const value = buildArgs[name] ?? fallback ?? globals[name] ?? '';
      if (stage) args = { ...args, [name]: value };
      else globals[name] = value;
      continue;
    }
    if (op === 'FROM') {
      const [source = '', , name = String(stages.length)] = expand(raw, globals).split(/\s+/);
      const parent = stages.find((s) => s.name === source);
      stage = { name, steps: [], needs: new Set(parent ? [source] : []) };
      if (parent) stage.parent = source;
      else stage.image = source;
      const last = parent?.steps.at(-1);
      workdir = last?.workdir ?? '/';
      env = { ...last?.env };
      args = {};
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    const line = EXPANDED.has(op) ? expand(raw, { ...args, ...env }) : raw;
    if (op === 'WORKDIR') workdir = posix.resolve(workdir, line);
    if (op === 'ENV') env = { ...env, ...parseEnv(line) };
    const from = op === 'COPY' ? /--from=(\S+)/.exec(line)?.[1] : undefined;
    if (from) stage.needs.add(from);
    stage.steps.push({ op, line, workdir, env, args });
  }

  const target = options.target ?? stages.at(-1)?.name;
  const needed = new Set<string>();
  const visit = (name: string) => {
    const found = stages.find((s) => s.name === name);
    if (!found) throw new Error(`no stage ${name}`);
    if (needed.has(name)) return;
    needed.add(name);
    for (const dependency of found.needs) visit(dependency);
  };
  visit(target ?? '');
  return stages.filter((s) => needed.has(s.name)).map(({ needs: _needs, ...planned }) => planned);
}
