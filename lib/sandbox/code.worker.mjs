// The code step's sandbox, one worker thread per evaluation (started by run-code.ts, which also
// kills it at a hard deadline). QuickJS compiled to WebAssembly runs the user's function body: no
// Node, no network, no file system, no module loader. A fresh WebAssembly instance, runtime and
// context each time, thrown away with the thread: nothing a script changes (prototypes, globals)
// reaches the next one, and a QuickJS abort after a memory bomb (the runtime fails an assertion
// when freed) breaks only this thread. Bounds inside: a deadline checked by the interrupt handler
// (loops), a memory limit (allocation bombs), a stack limit (recursion), caps on output and console.
// The host never runs anything the script made: it gets strings back and parses them itself.
// Plain JavaScript, loaded from disk by path, as the other app workers.
import { parentPort, workerData } from "node:worker_threads";
import variant from "@jitl/quickjs-singlefile-cjs-release-sync";
import { newQuickJSWASMModuleFromVariant, shouldInterruptAfterDeadline } from "quickjs-emscripten-core";

/** The file name QuickJS puts in stack traces; positions are read back from it. */
const FILE = "code.js";

/**
 * Set up before the user's code runs, while the globals are still the engine's own: the console,
 * and the runner, which holds its own references to JSON and friends, so a script that replaces
 * them only spoils its own result. The runner answers a tagged string: "O" + JSON or "E" + JSON
 * of { name, message, stack }; only uncatchable errors (the deadline) escape it.
 */
const PRELUDE = `(function (hostLog, maxChars, maxOutput) {
  var stringify = JSON.stringify, parse = JSON.parse, toStr = String, apply = Reflect.apply;
  var slice = String.prototype.slice, join = Array.prototype.join, map = Array.prototype.map;
  function show(v) {
    if (typeof v === "string") return v;
    try { var j = stringify(v); if (typeof j === "string") return j; } catch (e) {}
    try { return toStr(v); } catch (e) { return "[unprintable]"; }
  }
  function line(level) {
    return function () {
      var text = apply(join, apply(map, arguments, [show]), [" "]);
      hostLog(level, apply(slice, text, [0, maxChars + 1]));
    };
  }
  globalThis.console = { log: line("log"), info: line("log"), debug: line("log"), warn: line("warn"), error: line("error") };
  function describe(e) {
    if (e !== null && typeof e === "object") {
      var name = "Error", message = "", stack = "";
      // Cut inside the sandbox: a thrown 30 MB message would otherwise be stored with every failed run.
      try { name = apply(slice, toStr(e.name), [0, 200]); } catch (x) {}
      try { message = apply(slice, toStr(e.message), [0, 4000]); } catch (x) {}
      try { stack = typeof e.stack === "string" ? apply(slice, e.stack, [0, 4000]) : ""; } catch (x) {}
      return { name: name, message: message, stack: stack };
    }
    var m; try { m = apply(slice, toStr(e), [0, 4000]); } catch (x) { m = "a value that cannot be shown"; }
    return { name: "Thrown", message: m, stack: "" };
  }
  function fail(name, message) { return "E" + stringify({ name: name, message: message, stack: "" }); }
  return function run(fn, inputJson) {
    var input = parse(inputJson), result;
    try {
      result = apply(fn, undefined, input);
    } catch (e) {
      return "E" + stringify(describe(e));
    }
    if (result === undefined) return fail("NoResult", "The code returned nothing: end it with return <value>");
    if (result !== null && typeof result === "object" && typeof result.then === "function")
      return fail("NotJson", "The code returned a promise: async code is not supported, return a value");
    var json;
    try {
      json = stringify(result, function (key, value) {
        var t = typeof value;
        if (t === "function" || t === "symbol" || t === "bigint")
          throw new TypeError("the returned value holds a " + t + (key === "" ? "" : ' at "' + key + '"') + ", which JSON cannot carry");
        return value;
      });
    } catch (e) {
      return fail("NotJson", "The returned value is not JSON: " + describe(e).message);
    }
    if (typeof json !== "string") return fail("NotJson", "The returned value is not JSON");
    if (json.length > maxOutput) return fail("TooLarge", "");
    return "O" + json;
  };
})`;

/** The user's function: its first line shares the header's line, so QuickJS's line numbers are the editor's. */
const HEADER = "(function (trigger, nodes, loop, loops) {";

const mb = (bytes) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** "line 3, column 5" from a QuickJS stack ("at <anonymous> (code.js:3:5)"), in the user's code. */
function codePosition(stack, codeLines) {
  const m = /code\.js:(\d+)(?::(\d+))?/.exec(stack);
  if (!m) return null;
  const line = Number(m[1]);
  if (line > codeLines) return "at the end of the code";
  const col = m[2] === undefined ? undefined : Number(m[2]) - (line === 1 ? HEADER.length : 0);
  return col !== undefined && col > 0 ? `line ${line}, column ${col}` : `line ${line}`;
}

function explain(err, codeLines, limits, verb) {
  if (/out of memory/i.test(err.message))
    return `The code used more than ${mb(limits.memoryBytes)} of memory and was stopped`;
  if (/stack overflow/i.test(err.message))
    return "The code nested calls too deeply (stack overflow), probably a recursion that never ends";
  const where = codePosition(err.stack, codeLines);
  return `The code ${verb}: ${err.name}: ${err.message}${where ? ` (${where})` : ""}`;
}

/** An error that escaped the runner (a syntax error, the engine's own limits): read without running code. */
function describeThrown(vm, handle, codeLines, limits, verb) {
  const read = (key) => {
    try {
      const h = vm.getProp(handle, key);
      const s = vm.typeof(h) === "string" ? vm.getString(h) : "";
      h.dispose();
      return s;
    } catch {
      return "";
    }
  };
  return explain(
    { name: read("name") || "Error", message: read("message"), stack: read("stack") },
    codeLines,
    limits,
    verb,
  );
}

const tooLarge = (limits) => ({
  ok: false,
  error: `The returned value is more than ${mb(limits.maxOutputBytes)} of JSON`,
});

/** Runs the code; answers { ok: true, json } or { ok: false, error }. */
function evaluate(vm, { code, inputJson, limits }, deadline, onLog) {
  const codeLines = code.split("\n").length;
  const hostLog = vm.newFunction("log", (levelH, textH) => {
    const level = vm.getString(levelH);
    let text = vm.getString(textH);
    if (text.length > limits.maxLogLineChars) text = `${text.slice(0, limits.maxLogLineChars - 1)}…`;
    onLog({ level, text });
  });
  const handles = [hostLog];
  try {
    const prelude = vm.unwrapResult(vm.evalCode(PRELUDE, "prelude.js"));
    handles.push(prelude);
    const maxChars = vm.newNumber(limits.maxLogLineChars);
    const maxOutput = vm.newNumber(limits.maxOutputBytes);
    handles.push(maxChars, maxOutput);
    const runner = vm.unwrapResult(vm.callFunction(prelude, vm.undefined, hostLog, maxChars, maxOutput));
    handles.push(runner);

    const compiled = vm.evalCode(`${HEADER}${code}\n})`, FILE);
    if (compiled.error) {
      handles.push(compiled.error);
      return { ok: false, error: describeThrown(vm, compiled.error, codeLines, limits, "does not parse") };
    }
    handles.push(compiled.value);
    const input = vm.newString(inputJson);
    handles.push(input);
    const called = vm.callFunction(runner, vm.undefined, compiled.value, input);
    if (called.error) {
      handles.push(called.error);
      if (Date.now() >= deadline)
        return { ok: false, error: `The code ran longer than ${limits.timeoutMs} ms and was stopped` };
      return { ok: false, error: describeThrown(vm, called.error, codeLines, limits, "failed") };
    }
    handles.push(called.value);
    const tagged = vm.getString(called.value);
    if (tagged.startsWith("O")) return { ok: true, json: tagged.slice(1) };
    const err = JSON.parse(tagged.slice(1));
    if (err.name === "TooLarge") return tooLarge(limits);
    if (err.name === "NoResult" || err.name === "NotJson") return { ok: false, error: err.message };
    return { ok: false, error: explain(err, codeLines, limits, "failed") };
  } finally {
    for (const h of handles.reverse()) if (h.alive) h.dispose();
  }
}

async function main(job) {
  const { limits } = job;
  const logs = [];
  let droppedLogs = 0;
  const wasm = await newQuickJSWASMModuleFromVariant(variant);
  const runtime = wasm.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(limits.stackBytes);
  const vm = runtime.newContext();
  const deadline = Date.now() + limits.timeoutMs;
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
  // The host's hard stop counts from here, not from the thread's start-up.
  parentPort.postMessage({ started: true });
  let outcome;
  try {
    outcome = evaluate(vm, job, deadline, (line) => {
      if (logs.length >= limits.maxLogLines) droppedLogs++;
      else logs.push(line);
    });
  } catch (e) {
    // A failure of QuickJS itself, not of the script.
    outcome = { ok: false, error: `The code could not be run: ${e instanceof Error ? e.message : String(e)}` };
  }
  parentPort.postMessage({ ...outcome, logs, droppedLogs });
  try {
    vm.dispose();
    runtime.dispose();
  } catch {
    // An aborted runtime (out of memory) fails its own teardown; the thread ends anyway.
  }
}

main(workerData).catch((e) =>
  parentPort.postMessage({ ok: false, error: `The code could not be run: ${String(e)}`, logs: [], droppedLogs: 0 }),
);
