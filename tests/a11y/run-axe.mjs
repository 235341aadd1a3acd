// Runs axe-core over HTML files in headless Chromium and prints the results as JSON.
//
//   node run-axe.mjs --chromium /usr/bin/chromium FILE.html…
//
// Chromium is driven through its DevTools protocol over a pipe (--remote-debugging-pipe: file
// descriptors 3 and 4, messages ended by NUL), so no port is opened and no package beyond
// axe-core is needed. Each page is loaded from its file, axe-core is evaluated in it, and
// `axe.run` runs every rule axe enables by default (WCAG 2.0/2.1 A and AA, best practices).
// Output: {"axe": version, "browser": product, "pages": [{"file", "violations": [...],
// "incomplete": [{"id", "nodes"}] (for a person to review), "passes": count, "reflow":
// {"scrollWidth", "clientWidth"} (the page scrolls sideways when the first exceeds the second)}]}.
// `--width N` lays the pages out N CSS pixels wide (320: WCAG 1.4.10's reflow width).
// Exit 0 when the run completed (whatever it found), 2 on failure.

import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let chromium = "chromium";
let timeoutMs = 180000;
let width = 0; // --width N: lay pages out N CSS pixels wide (320: WCAG's reflow check)
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--chromium") chromium = args[++i];
  else if (args[i] === "--timeout") timeoutMs = Number(args[++i]) * 1000;
  else if (args[i] === "--width") width = Number(args[++i]);
  else files.push(resolve(args[i]));
}
const axeSource = readFileSync(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");
const profile = mkdtempSync(join(tmpdir(), "inquiry-axe-"));

const browser = spawn(
  chromium,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--hide-scrollbars",
    "--window-size=1280,900",
    `--user-data-dir=${profile}`,
    "--remote-debugging-pipe",
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
);
let stderr = "";
browser.stdio[2].on("data", (d) => {
  stderr += d.toString();
});

function fail(message) {
  process.stderr.write(`run-axe: ${message}\n${stderr.slice(-2000)}\n`);
  try {
    browser.kill("SIGKILL");
  } catch {}
  rmSync(profile, { recursive: true, force: true });
  process.exit(2);
}
const timer = setTimeout(() => fail(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
browser.on("error", (e) => fail(`could not start ${chromium}: ${e.message}`));
browser.on("exit", (code) => {
  if (!finished) fail(`chromium exited early (code ${code})`);
});
process.on("exit", () => {
  if (browser.exitCode === null) browser.kill("SIGKILL");
});

const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
let nextId = 1;
const waiting = new Map();
const listeners = [];
let buffer = "";
let finished = false;

fromBrowser.on("data", (chunk) => {
  buffer += chunk.toString("utf8");
  let end;
  while ((end = buffer.indexOf("\0")) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (message.id && waiting.has(message.id)) {
      const { ok, ko } = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) ko(new Error(JSON.stringify(message.error)));
      else ok(message.result);
    } else if (message.method) {
      for (const listen of [...listeners]) listen(message);
    }
  }
});

function send(method, params = {}, sessionId = undefined) {
  const id = nextId++;
  const message = { id, method, params };
  if (sessionId) message.sessionId = sessionId;
  toBrowser.write(JSON.stringify(message) + "\0");
  return new Promise((ok, ko) => waiting.set(id, { ok, ko }));
}

function once(method, sessionId) {
  return new Promise((ok) => {
    const listen = (m) => {
      if (m.method === method && m.sessionId === sessionId) {
        listeners.splice(listeners.indexOf(listen), 1);
        ok(m.params);
      }
    };
    listeners.push(listen);
  });
}

async function evaluate(expression, sessionId) {
  const r = await send(
    "Runtime.evaluate",
    { expression, awaitPromise: true, returnByValue: true },
    sessionId,
  );
  if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
  return r.result.value;
}

async function main() {
  const version = await send("Browser.getVersion");
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  if (width) {
    await send(
      "Emulation.setDeviceMetricsOverride",
      { width, height: 640, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
  }
  const pages = [];
  let axeVersion = null;
  for (const file of files) {
    const loaded = once("Page.loadEventFired", sessionId);
    await send("Page.navigate", { url: pathToFileURL(file).href }, sessionId);
    await loaded;
    await evaluate(axeSource + "\n;true", sessionId);
    const result = await evaluate(
      `axe.run(document, {resultTypes: ["violations", "incomplete"]}).then(r => ({
        version: r.testEngine.version,
        violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))})),
        incomplete: r.incomplete.map(v => ({id: v.id, nodes: v.nodes.map(n => ({target: n.target,
          summary: n.failureSummary}))})),
        passes: r.passes.length}))`,
      sessionId,
    );
    axeVersion = result.version;
    const reflow = await evaluate(
      `({scrollWidth: document.documentElement.scrollWidth,
         clientWidth: document.documentElement.clientWidth})`,
      sessionId,
    );
    pages.push({
      file,
      reflow,
      violations: result.violations,
      incomplete: result.incomplete,
      passes: result.passes,
    });
  }
  finished = true;
  clearTimeout(timer);
  process.stdout.write(
    JSON.stringify({ axe: axeVersion, browser: version.product, pages }, null, 1) + "\n",
  );
  const exited = new Promise((ok) => browser.once("exit", ok));
  send("Browser.close").catch(() => {});
  const killer = setTimeout(() => browser.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(killer);
  rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
}

main().catch((e) => fail(e.stack || String(e)));
