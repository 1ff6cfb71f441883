// Imported first by adapter.mjs: stdout carries protocol lines only.
//
// Some code paths of automerge-repo call console.log (e.g. "error receiving
// message"), which would write to stdout and corrupt the JSON-lines stream.
// Keep a private handle on the real stdout writer for protocol lines and send
// everything else that targets stdout (console.*, process.stdout.write) to
// stderr.
//
// A closed stdout or stderr (the agent is gone) must not turn into an endless
// loop of EPIPE errors that are logged to the same broken pipe.
const realWrite = process.stdout.write.bind(process.stdout);

export const pipes = { stdoutBroken: false, stderrBroken: false };
let onStdoutBroken = () => {};

/** Registers what to do once stdout is gone (called once). */
export function whenStdoutBroken(fn) {
  onStdoutBroken = fn;
}

process.stdout.on("error", () => {
  if (pipes.stdoutBroken) return;
  pipes.stdoutBroken = true;
  onStdoutBroken();
});
process.stderr.on("error", () => {
  pipes.stderrBroken = true;
});

/** Writes one protocol line (already serialized, no newline) to the real stdout. */
export function writeProtocolLine(line, callback) {
  if (pipes.stdoutBroken) {
    if (callback) setImmediate(callback);
    return false;
  }
  return realWrite(line + "\n", callback);
}

/** Calls back once everything written to the real stdout has been flushed. */
export function drainStdout(callback) {
  if (pipes.stdoutBroken) return void setImmediate(callback);
  return realWrite("", callback);
}

/** Writes a log line to stderr unless stderr is gone. */
export function writeLogLine(line) {
  if (!pipes.stderrBroken) process.stderr.write(line + "\n");
}

process.stdout.write = process.stderr.write.bind(process.stderr);
for (const name of ["log", "info", "debug", "warn", "trace", "dir", "table"]) {
  if (name in console) console[name] = console.error.bind(console);
}
