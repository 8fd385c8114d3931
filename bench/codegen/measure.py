#!/usr/bin/env python3
"""Times code generation, introspection and the compile time of generated crates, and writes
target/codegen.md and target/compile.md. Run by bench/codegen/run, which builds `retort` first
(see README.md); run from bench/.

    measure.py --retort BIN [--runs 3] [--only codegen|compile]
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
MAIN = os.path.dirname(BENCH)
sys.path.insert(0, HERE)
import synth  # noqa: E402

WORK = os.path.join(BENCH, "target", "codegen")
SET_ASIDE = os.path.join(WORK, "set-aside")
COMPILE = os.path.join(BENCH, "target", "compile")
COMPILE_TARGET = os.path.join(COMPILE, "target")
SEA_ORM_CLI = os.path.join(BENCH, "target", "tools", "bin", "sea-orm-cli")
INSTALL_LOG = os.path.join(BENCH, "target", "tools", "install.log")
PG_ADMIN = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres"]
PG_DB = "retort_bench_codegen"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
GNU_TIME = "/usr/bin/time"

# sea-orm-cli on 500 tables takes far longer than the rest together: stopped after this.
SEA_ORM_CLI_TIMEOUT = int(os.environ.get("RETORT_BENCH_SEA_ORM_CLI_TIMEOUT", "180"))
GEN_SIZES = [100, 1000]
INTROSPECT_SIZE = 500
COMPILE_SIZES = [100, 500]


def log(message):
    print(f"codegen/run: {message}", flush=True)


def measure(cmd, cwd=None, env=None, timeout=None):
    """Runs cmd; returns (wall seconds, peak RSS in MiB of the process and the children it
    waited for: for cargo, its largest rustc). Fails loudly on a non-zero exit. After
    `timeout` seconds the command is stopped and (None, None, output) returned."""
    full_env = dict(os.environ, **(env or {}))
    with tempfile.NamedTemporaryFile("r") as rss_file:
        if os.access(GNU_TIME, os.X_OK):
            wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *cmd]
        else:
            wrapped = list(cmd)
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, cwd=cwd, env=full_env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT,
                                start_new_session=timeout is not None)
        timer = None
        if timeout is not None:
            def stop():
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            timer = threading.Timer(timeout, stop)
            timer.start()
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        if timer is not None:
            timer.cancel()
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
                return None, None, output.decode(errors="replace")
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            sys.stdout.write(output.decode(errors="replace")[-6000:])
            raise SystemExit(f"codegen/run: `{' '.join(cmd)}` failed (exit {proc.returncode})")
        if os.access(GNU_TIME, os.X_OK):
            kib = int(rss_file.read().strip().splitlines()[-1])
        else:
            kib = usage.ru_maxrss  # Linux: KiB
    return seconds, kib / 1024, output.decode(errors="replace")


def median_of(runs, cmd, before=None, cwd=None, env=None, cap=None, timeout=None):
    """Median wall time and median peak RSS of `runs` runs, `before()` (untimed) ahead of each;
    no more runs after one that took over `cap` seconds. (None, None, []) when the first run
    was stopped after `timeout` seconds."""
    times, rss = [], []
    for _ in range(runs):
        if cap is not None and times and times[-1] > cap:
            break
        if before:
            before()
        seconds, mib, _ = measure(cmd, cwd=cwd, env=env, timeout=timeout)
        if seconds is None:
            if not times:
                return None, None, []
            break
        times.append(seconds)
        rss.append(mib)
    return statistics.median(times), statistics.median(rss), times


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)


def set_aside(path):
    """Makes way for a fresh output directory without deleting the previous one: on ext4,
    creating a thousand files right after deleting a thousand costs several times as long
    (the inode allocator steps around recently freed inodes), which would be timed as the
    generator's work. The old trees are deleted after the measurements (clear_set_aside)."""
    if os.path.exists(path):
        os.makedirs(SET_ASIDE, exist_ok=True)
        os.rename(path, tempfile.mkdtemp(dir=SET_ASIDE))


def clear_set_aside():
    shutil.rmtree(SET_ASIDE, ignore_errors=True)


def tree_size(path):
    files = lines = 0
    for root, _, names in os.walk(path):
        for name in names:
            if name.endswith((".rs", ".toml")):
                files += 1
                with open(os.path.join(root, name), "rb") as f:
                    lines += f.read().count(b"\n")
    return files, lines


def fmt_s(seconds):
    return f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"


def fmt_runs(times):
    return " / ".join(fmt_s(t) for t in times)


# --- A and B: code generation and introspection -----------------------------------------------

def postgres_answers():
    if not shutil.which("psql"):
        return False, "psql is not installed"
    probe = subprocess.run([*PG_ADMIN, "-Atc", "SELECT 1"], capture_output=True, text=True)
    if probe.returncode != 0:
        return False, (probe.stderr.strip().splitlines() or ["no answer"])[-1]
    return True, ""


def sea_orm_cli_state():
    if os.access(SEA_ORM_CLI, os.X_OK):
        return True, ""
    if not os.path.exists(INSTALL_LOG):
        return False, ("sea-orm-cli is not installed (`cargo install sea-orm-cli --locked "
                       "--root target/tools`, see bench/codegen/README.md)")
    with open(INSTALL_LOG, errors="replace") as f:
        text = f.read()
    errors = [line.strip() for line in text.splitlines() if line.startswith("error")]
    if "rc=" not in text:
        return False, "its install (`cargo install sea-orm-cli`) was still running"
    return False, "its install failed: " + (errors[0] if errors else text.strip()[-300:])


def codegen(retort, runs):
    rows = []  # (what, size, median s, median MiB, runs, output size)
    for n in GEN_SIZES:
        spec = os.path.join(WORK, f"synth-{n}.yaml")
        synth.write(spec, synth.spec(n))
        out = os.path.join(WORK, f"generated-{n}")
        log(f"retort generate, {n} tables ({runs} runs)")
        seconds, mib, times = median_of(runs, [retort, "generate", "--spec", spec, "--out", out],
                                        before=lambda out=out: set_aside(out))
        rows.append(("`retort generate`", f"{n} tables (spec)", seconds, mib, times,
                     tree_size(out)))

    notes = []
    up, why = postgres_answers()
    if not up:
        line = (f"Introspection (B) skipped: PostgreSQL at 127.0.0.1:5432 does not answer "
                f"({why}).")
        log(line)
        notes.append(line)
    else:
        log(f"PostgreSQL: recreating {PG_DB} with {INTROSPECT_SIZE} tables")
        sql = os.path.join(WORK, f"synth-{INTROSPECT_SIZE}.sql")
        synth.write(sql, synth.sql(INTROSPECT_SIZE))
        subprocess.run([*PG_ADMIN, "-qc", f"DROP DATABASE IF EXISTS {PG_DB}"], check=True,
                       env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"))
        subprocess.run([*PG_ADMIN, "-qc", f"CREATE DATABASE {PG_DB}"], check=True)
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", PG_DB, "-q",
                        "-v", "ON_ERROR_STOP=1", "-f", sql], check=True,
                       stdout=subprocess.DEVNULL)
        out = os.path.join(WORK, f"introspected-{INTROSPECT_SIZE}")
        log(f"retort introspect, {INTROSPECT_SIZE} tables ({runs} runs)")
        seconds, mib, times = median_of(runs, [retort, "introspect", "--url", PG_URL, "--out", out],
                                        before=lambda: set_aside(out))
        rows.append(("`retort introspect`", f"{INTROSPECT_SIZE} tables (PostgreSQL)", seconds,
                     mib, times, tree_size(out)))
        have_cli, why = sea_orm_cli_state()
        if have_cli:
            out = os.path.join(WORK, f"sea-orm-cli-{INTROSPECT_SIZE}")
            log(f"sea-orm-cli generate entity, {INTROSPECT_SIZE} tables ({runs} runs)")
            seconds, mib, times = median_of(
                runs, [SEA_ORM_CLI, "generate", "entity", "-u", PG_URL, "-o", out],
                before=lambda: set_aside(out), timeout=SEA_ORM_CLI_TIMEOUT)
            if seconds is None:
                line = (f"`sea-orm-cli generate entity` did not finish: stopped after "
                        f"{SEA_ORM_CLI_TIMEOUT} s, having written nothing (it spends the time in "
                        "PostgreSQL, in information_schema queries that it sends one after "
                        "another; RETORT_BENCH_SEA_ORM_CLI_TIMEOUT=SECONDS gives it longer). "
                        "Not repeated.")
                log(line)
                notes.append(line)
                rows.append(("`sea-orm-cli generate entity`",
                             f"{INTROSPECT_SIZE} tables (PostgreSQL)", None, None, [], None))
            else:
                rows.append(("`sea-orm-cli generate entity`",
                             f"{INTROSPECT_SIZE} tables (PostgreSQL)", seconds, mib, times,
                             tree_size(out)))
        else:
            line = f"sea-orm-cli not measured: {why}."
            log(line)
            notes.append(line)

    gen_1000 = next(r for r in rows if r[1].startswith("1000 "))
    md = ["## Code generation", "",
          "Wall time and peak memory (RSS) of the release `retort` binary writing the modules of a "
          "synthetic spec (bench/codegen/synth.py: 10–30 columns per table of bigint, integer, "
          "varchar, text, boolean and timestamp, a third nullable, each table after the first "
          "with foreign keys to one or two earlier ones), and of reading the same kind of schema "
          f"back from PostgreSQL beside `sea-orm-cli generate entity` on the same database; "
          f"median of {runs} runs, each into a new, empty output directory (the previous run's is "
          "set aside, not deleted: ext4 creates files slowly right after deleting as many).", "",
          "| command | schema | seconds | peak memory (MiB) | runs (s) | output |",
          "| --- | --- | ---: | ---: | --- | --- |"]
    for what, size, seconds, mib, times, written in rows:
        size = size.replace("1000 ", "1,000 ")
        if seconds is None:
            md.append(f"| {what} | {size} | > {SEA_ORM_CLI_TIMEOUT} (stopped) | – | – | none |")
            continue
        files, lines = written
        md.append(f"| {what} | {size} | {fmt_s(seconds)} | {mib:.0f} "
                  f"| {fmt_runs(times)} | {files} files, {lines:,} lines |")
    md.append("")
    md.extend(notes and [*notes, ""])
    md += ["| target | verdict |", "| --- | --- |"]
    seconds = gen_1000[2]
    if seconds < 1.0:
        verdict = f"met ({fmt_s(seconds)} s)"
    else:
        verdict = f"**missed** ({fmt_s(seconds)} s: {seconds - 1:.2f} s over, {seconds:.2f}×)"
    md.append(f"| code generation for 1,000 tables under one second | {verdict} |")
    synth.write(os.path.join(BENCH, "target", "codegen.md"), "\n".join(md) + "\n")
    log("wrote target/codegen.md")


# --- C: compile time ---------------------------------------------------------------------------

def cargo(args, manifest, check=True):
    cmd = ["cargo", *args, "--manifest-path", manifest]
    return subprocess.run(cmd, env=dict(os.environ, CARGO_TARGET_DIR=COMPILE_TARGET),
                          capture_output=True, text=True, check=False), cmd


def warm_build(crate, manifest):
    """An untimed build: dependencies (and the crate) up to date. Returns its warnings."""
    result, cmd = cargo(["build"], manifest)
    if result.returncode != 0:
        sys.stdout.write(result.stderr[-8000:])
        raise SystemExit(f"codegen/run: {crate} does not compile (`{' '.join(cmd)}`)")
    return [line for line in result.stderr.splitlines() if line.startswith("warning")]


def sync_tree(src, dst):
    """Makes dst hold exactly src's files (Cargo.lock aside), rewriting only the files whose
    content changed: an unchanged crate stays built, so its first build is a no-op."""
    wanted = set()
    for root, _, names in os.walk(src):
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), src)
            wanted.add(rel)
            target = os.path.join(dst, rel)
            with open(os.path.join(root, name), "rb") as f:
                data = f.read()
            if os.path.exists(target):
                with open(target, "rb") as f:
                    if f.read() == data:
                        continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(data)
    for root, _, names in os.walk(dst):
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), dst)
            if rel not in wanted and rel != "Cargo.lock":
                os.remove(os.path.join(root, name))


def write_crates(retort, n):
    """The three crates of the n-table schema under target/compile/ (unchanged files left as
    they are)."""
    crates = []
    spec = os.path.join(COMPILE, f"synth-{n}.yaml")
    synth.write(spec, synth.spec(n))
    staging = os.path.join(COMPILE, "staging")

    def place(contender, name, lock, write):
        path = os.path.join(COMPILE, name)
        stage = os.path.join(staging, name)
        fresh(stage)
        write(stage, path)
        sync_tree(stage, path)
        if not os.path.exists(os.path.join(path, "Cargo.lock")):
            shutil.copy(lock, os.path.join(path, "Cargo.lock"))
        crates.append((contender, name, path))

    def retort_crate(stage, path, name=f"retort-synth-{n}"):
        runtime = os.path.relpath(os.path.join(MAIN, "runtime"), path)
        subprocess.run([retort, "generate", "--spec", spec, "--crate", name, "--retort-path",
                        runtime, "--out", stage], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        # Keep it out of bench/'s workspace: an empty workspace of its own (the manifest keeps
        # its @generated line, so regenerating replaces it).
        with open(os.path.join(stage, "Cargo.toml"), "a") as f:
            f.write("\n# Added by bench/codegen: outside every workspace.\n[workspace]\n")

    place("Retort", f"retort-synth-{n}", os.path.join(MAIN, "Cargo.lock"), retort_crate)
    place("Diesel", f"diesel-synth-{n}", os.path.join(BENCH, "Cargo.lock"),
          lambda stage, _: synth.diesel(n, stage, f"diesel-synth-{n}"))
    place("SeaORM", f"seaorm-synth-{n}", os.path.join(BENCH, "Cargo.lock"),
          lambda stage, _: synth.seaorm(n, stage, f"seaorm-synth-{n}"))
    fresh(staging)
    return crates


def compile_times(retort, runs, cap):
    all_crates = {n: write_crates(retort, n) for n in COMPILE_SIZES}
    warnings = {}
    for n, crates in all_crates.items():
        for contender, crate, path in crates:
            log(f"first build of {crate} (dependencies too, untimed)")
            start = time.perf_counter()
            found = warm_build(crate, os.path.join(path, "Cargo.toml"))
            log(f"  {time.perf_counter() - start:.0f} s, {len(found)} warnings")
            if found:
                warnings[crate] = found
    results = {}  # (contender, n) -> (median s, median MiB, times)
    for n, crates in all_crates.items():
        for contender, crate, path in crates:
            manifest = os.path.join(path, "Cargo.toml")

            def before(crate=crate, manifest=manifest):
                warm_build(crate, manifest)  # a no-op unless a path dependency changed
                result, cmd = cargo(["clean", "-p", crate], manifest)
                if result.returncode != 0:
                    sys.stdout.write(result.stderr)
                    raise SystemExit(f"codegen/run: `{' '.join(cmd)}` failed")

            log(f"cargo build of {crate} ({runs} runs)")
            seconds, mib, times = median_of(
                runs, ["cargo", "build", "--manifest-path", manifest], before=before,
                env={"CARGO_TARGET_DIR": COMPILE_TARGET}, cap=cap)
            log(f"  median {fmt_s(seconds)} s ({fmt_runs(times)})")
            results[(contender, n)] = (seconds, mib, times, tree_size(os.path.join(path, "src")))

    md = ["## Compile time", "",
          "Wall time of `cargo build` (debug profile) of one crate of the synthetic schema "
          "(bench/codegen/synth.py) per contender, after `cargo clean -p` of that crate alone: "
          "its dependencies are prebuilt in a target directory the three share, so only the "
          "model code is compiled. Retort: the crate `retort generate --crate` writes. Diesel "
          "2.4: `schema.rs` as `diesel print-schema` writes it (`table!`, `joinable!`, "
          "`allow_tables_to_appear_in_same_query!`) and per table a "
          "`Queryable, Selectable, Identifiable, Associations` row struct and an `Insertable` "
          "struct. SeaORM 2.0: one `DeriveEntityModel` module per table with its `Relation` "
          "enum (`belongs_to`, `has_many`), `Related` impls and `ActiveModelBehavior`. Median of "
          f"{runs} runs; peak memory is the largest process's (rustc's) RSS.", "",
          "| contender | tables | seconds | ratio to Retort | peak memory (MiB) | runs (s) | source |",
          "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for n in COMPILE_SIZES:
        base = results[("Retort", n)][0]
        for contender in ("Retort", "Diesel", "SeaORM"):
            seconds, mib, times, (files, lines) = results[(contender, n)]
            md.append(f"| {contender} | {n} | {fmt_s(seconds)} | {seconds / base:.2f}× | "
                      f"{mib:.0f} | {fmt_runs(times)} | {files} files, {lines:,} lines |")
    md.append("")
    short = [f"{c} {n}" for (c, n), r in results.items() if len(r[2]) < runs]
    if short:
        md.append(f"{', '.join(short)} tables: one build took over {cap:.0f} s, so it was not "
                  f"repeated (the figure is that run's, not a median of {runs}).")
        md.append("")
    if warnings:
        md.append("Warnings while compiling: " + "; ".join(
            f"{crate}: {len(lines)}" for crate, lines in warnings.items()) + ".")
        md.append("")
    retort_500 = results[("Retort", 500)][0]
    md += ["| target | verdict |", "| --- | --- |"]
    peers = [(c, results[(c, 500)][0]) for c in ("Diesel", "SeaORM")]
    detail = ", ".join(f"{c} {fmt_s(s)} s ({s / retort_500:.2f}× Retort's)" for c, s in peers)
    ahead = [(c, s) for c, s in peers if s <= retort_500]
    if not ahead:
        verdict = f"met (Retort {fmt_s(retort_500)} s; {detail})"
    else:
        verdict = (f"**missed** (Retort {fmt_s(retort_500)} s; {detail}: "
                   + ", ".join(f"{retort_500 - s:.1f} s slower than {c}" for c, s in ahead) + ")")
    md.append("| the 500-table generated crate compiling faster than the Diesel and SeaORM "
              f"equivalents | {verdict} |")
    synth.write(os.path.join(BENCH, "target", "compile.md"), "\n".join(md) + "\n")
    log("wrote target/compile.md")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--retort", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["codegen", "compile"])
    parser.add_argument("--repeat-limit", type=float, default=300, metavar="SECONDS",
                        help="a build that took longer is not repeated (default 300)")
    args = parser.parse_args()
    if args.only != "compile":
        try:
            codegen(args.retort, args.runs)
        finally:
            clear_set_aside()
    if args.only != "codegen":
        compile_times(args.retort, args.runs, args.repeat_limit)


if __name__ == "__main__":
    main()
