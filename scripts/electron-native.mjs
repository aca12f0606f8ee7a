#!/usr/bin/env node
/**
 * Makes sure better-sqlite3 is built for the installed Electron, at
 * `.native/electron-<version>/better_sqlite3.node` (electron/native-binding.ts reads the same
 * path). `npm start` runs this before launching Electron.
 *
 * Why a separate copy: node_modules/better-sqlite3 stays built for Node, because the tests and
 * the headless host run on Node. This script never writes there; it copies the package to
 * `.native/build-<version>/` and builds that copy, first by downloading a prebuilt binary
 * (prebuild-install), then by compiling against Electron's headers (node-gyp).
 *
 * Usage: node scripts/electron-native.mjs [appRoot]   (appRoot defaults to this repository)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const appRoot = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const BINARY = 'better_sqlite3.node';

/** Prints a plain explanation and stops with a non-zero exit code (so `npm start` stops too). */
function fail(...lines) {
  console.error(['', 'electron-native: could not prepare the database engine for Electron.', ...lines, ''].join('\n'));
  process.exit(1);
}

function electronVersion() {
  const file = join(appRoot, 'node_modules', 'electron', 'package.json');
  if (!existsSync(file)) fail(`Electron is not installed (${file} is missing). Run "npm install" first.`);
  const version = JSON.parse(readFileSync(file, 'utf8')).version;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+/.test(version)) fail(`${file} has no usable "version".`);
  return version;
}

/**
 * The environment for the build tools. Under `npm start`, npm exports the user's npm config as
 * npm_config_* variables; a `nodedir`, `target`, `runtime`, `disturl` or `arch` there would make
 * node-gyp quietly build against Node's headers instead of Electron's, so only our flags count.
 */
function toolEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|build_from_source)$/i.test(name)) delete env[name];
  }
  return env;
}

/** Runs a package's CLI with this Node; the tool is resolved from the app's own node_modules. */
function runTool(label, request, args, cwd, timeoutMs) {
  let script;
  try {
    script = createRequire(join(appRoot, 'package.json')).resolve(request);
  } catch {
    console.error(`electron-native: ${label} is not installed (${request}); skipping it.`);
    return false;
  }
  console.log(`electron-native: ${label} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [script, ...args], { cwd, env: toolEnv(), stdio: 'inherit', timeout: timeoutMs });
  if (result.error) console.error(`electron-native: ${label} did not finish: ${result.error.message}`);
  return result.status === 0;
}

const version = electronVersion();
const targetDir = join(appRoot, '.native', `electron-${version}`);
const target = join(targetDir, BINARY);
const shown = (path) => relative(appRoot, path) || '.';

if (existsSync(target)) {
  console.log(`electron-native: better-sqlite3 for Electron ${version} is ready (${shown(target)}).`);
  process.exit(0);
}

const source = join(appRoot, 'node_modules', 'better-sqlite3');
if (!existsSync(join(source, 'package.json'))) fail(`better-sqlite3 is not installed (${source}). Run "npm install" first.`);

const buildRoot = join(appRoot, '.native', `build-${version}`);
const workDir = join(buildRoot, 'better-sqlite3');
console.log(`electron-native: building better-sqlite3 for Electron ${version} in ${shown(workDir)} (node_modules stays as it is)…`);
rmSync(buildRoot, { recursive: true, force: true });
// Leave out the Node build: a stale binary there would look like a successful download.
const nodeBuild = join(source, 'build');
cpSync(source, workDir, { recursive: true, filter: (path) => path !== nodeBuild && !path.startsWith(nodeBuild + sep) });

const built = join(workDir, 'build', 'Release', BINARY);
const electronArgs = ['--runtime', 'electron', '--target', version, '--arch', process.arch];
const downloaded =
  runTool('prebuild-install', 'prebuild-install/bin.js', [...electronArgs, '--verbose'], workDir, 3 * 60_000) && existsSync(built);
const compiled =
  downloaded ||
  (runTool(
    'node-gyp',
    'node-gyp/bin/node-gyp.js',
    ['rebuild', '--release', '--runtime=electron', `--target=${version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
    workDir,
    20 * 60_000,
  ) &&
    existsSync(built));

if (!compiled) {
  fail(
    `Neither way of getting better-sqlite3 for Electron ${version} worked:`,
    '  1. downloading a prebuilt binary (prebuild-install) needs access to github.com, and a prebuilt for this',
    `     Electron version, platform (${process.platform}) and architecture (${process.arch});`,
    '  2. compiling it (node-gyp) needs access to https://electronjs.org/headers, Python 3 and a C++ compiler',
    '     (build-essential on Linux, Xcode command line tools on macOS, Visual Studio Build Tools on Windows).',
    'The messages above say which step failed and why. Fix that and run "npm start" again.',
    `Nothing in node_modules was changed; the partial build is in ${shown(buildRoot)} (safe to delete).`,
  );
}

mkdirSync(targetDir, { recursive: true });
// Copy then rename, so an interrupted copy never leaves a half-written binary at the real path.
copyFileSync(built, `${target}.tmp`);
renameSync(`${target}.tmp`, target);
rmSync(buildRoot, { recursive: true, force: true });
console.log(`electron-native: better-sqlite3 for Electron ${version} is ready (${shown(target)}).`);
