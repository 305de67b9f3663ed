#!/usr/bin/env python3
"""Turn infra/bench/target/results (written by run.sh) into BENCHMARKS.md on stdout."""

import json
import os
import statistics
import sys


def release_profile():
    """The workspace's [profile.release] settings, read from the root Cargo.toml."""
    try:
        import tomllib
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Cargo.toml")
        with open(root, "rb") as f:
            prof = tomllib.load(f).get("profile", {}).get("release", {})
        return ", ".join(f"{k} = {json.dumps(v)}" for k, v in prof.items()) or "cargo defaults"
    except Exception as e:  # noqa: BLE001 - the report must not fail over a label
        return f"unknown ({e})"


OUT = sys.argv[1]


def load(name, default=None):
    p = os.path.join(OUT, name)
    if not os.path.exists(p):
        return default
    with open(p) as f:
        return json.load(f)


def env(name):
    d = {}
    p = os.path.join(OUT, name)
    if os.path.exists(p):
        for line in open(p):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                d[k] = v
    return d


def verdict(ok):
    if ok is None:
        return "n/a"
    return "**PASS**" if ok else "**FAIL**"


def ms(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f} ms"


def us_to_ms(x):
    return None if x is None else x / 1000.0


def mib(kb):
    return "–" if kb is None else f"{kb / 1024:.1f} MiB"


def wrk_rounds(prefix):
    rounds = []
    r = 1
    while True:
        d = load(f"wrk/{prefix}-{r}.json")
        if d is None:
            break
        rounds.append(d)
        r += 1
    return rounds


def median_pct(rounds, key):
    vals = [r["latency_us"][key] for r in rounds if r.get("latency_us")]
    return statistics.median(vals) if vals else None


machine = env("machine.env")
builds = env("build_times.env")
sizes = env("sizes.env")
loads = []
if os.path.exists(os.path.join(OUT, "load.jsonl")):
    loads = [json.loads(l) for l in open(os.path.join(OUT, "load.jsonl")) if l.strip()]

rows = []  # (figure, target, measured, verdict)
notes = []

# --------------------------------------------------------------------------- startup
startup = load("startup.json", {})
mcp = startup.get("zscaler-mcp", {})
hyper = startup.get("baseline-hyper", {})
std = startup.get("baseline-std", {})
mcp_p50 = mcp.get("first_answer_ms", {}).get("p50")
hyper_p50 = hyper.get("first_answer_ms", {}).get("p50")
std_p50 = std.get("first_answer_ms", {}).get("p50")
ratio = mcp_p50 / hyper_p50 if mcp_p50 and hyper_p50 else None
ratio_std = mcp_p50 / std_p50 if mcp_p50 and std_p50 else None
rows.append((
    "Process start → first `initialize` answer (median)",
    "≤ 2× minimal Rust HTTP server",
    f"{ms(mcp_p50)} vs {ms(hyper_p50)} (tokio+hyper baseline) = **{ratio:.2f}×**" if ratio else "–",
    verdict(ratio <= 2.0 if ratio else None),
))
rows.append((
    "  same, against the std::net single-thread baseline (stricter)",
    "(info)",
    f"{ms(mcp_p50)} vs {ms(std_p50)} = {ratio_std:.2f}×" if ratio_std else "–",
    "(info)",
))

# --------------------------------------------------------------------------- RSS
mixed = load("mixed.json", {})
hwm = mixed.get("hwm_after_kb")
limit_kb = 24 * 1024
rss_ok = hwm is not None and hwm <= limit_kb and mixed.get("unexpected", 1) == 0
rows.append((
    f"Peak RSS (VmHWM) after {mixed.get('calls', '?')} mixed calls",
    "≤ 24 MiB",
    f"{mib(hwm)} (VmRSS {mib(mixed.get('rss_after_kb'))}; {mixed.get('unexpected', '?')} unexpected outcomes)",
    verdict(rss_ok if hwm is not None else None),
))

# --------------------------------------------------------------------------- overhead
direct = wrk_rounds("direct")
server = wrk_rounds("server")
ov = {}
for k in ("p50", "p90", "p99"):
    d, s = median_pct(direct, k), median_pct(server, k)
    ov[k] = (d, s, (s - d) if d is not None and s is not None else None)
ov50 = ov["p50"][2]
bad_lat = sum(r.get("errors", 0) + r.get("non2xx", 0) + r.get("bad_bodies", 0) for r in direct + server)
rows.append((
    "Server overhead per warm `tools/call` (p50 through server − p50 direct)",
    "≤ 1 ms p50",
    f"**{ms(us_to_ms(ov50), 3)}** ({ms(us_to_ms(ov['p50'][1]), 3)} − {ms(us_to_ms(ov['p50'][0]), 3)}; {bad_lat} errors)" if ov50 is not None else "–",
    verdict(ov50 <= 1000 and bad_lat == 0 if ov50 is not None else None),
))

# --------------------------------------------------------------------------- tools/list
ping = wrk_rounds("ping")
lst = wrk_rounds("list")
tl_info = load("tools-list-info.json", {})
tl = {}
for k in ("p50", "p90", "p99"):
    p, l = median_pct(ping, k), median_pct(lst, k)
    tl[k] = (p, l, (l - p) if p is not None and l is not None else None)
tl50 = tl["p50"][2]
bad_tl = sum(r.get("errors", 0) + r.get("non2xx", 0) + r.get("bad_bodies", 0) for r in ping + lst)
floor = None
_ss, _sl = wrk_rounds("static-small"), wrk_rounds("static-large")
if _ss and _sl:
    floor = median_pct(_sl, "p50") - median_pct(_ss, "p50")
rows.append((
    f"`tools/list`, every tool enabled ({tl_info.get('tools', '?')} tools, {tl_info.get('response_bytes', 0):,} B): server time p50 (list − ping)",
    "≤ 0.5 ms p50",
    f"**{ms(us_to_ms(tl50), 3)}** ({ms(us_to_ms(tl['p50'][1]), 3)} − {ms(us_to_ms(tl['p50'][0]), 3)}; {bad_tl} errors)" if tl50 is not None else "–",
    verdict(tl50 <= 500 and bad_tl == 0 if tl50 is not None else None),
))
if floor is not None:
    rows.append((
        "  transport floor: same bytes as a constant from the hyper baseline (large − small body)",
        "(info)",
        f"{ms(us_to_ms(floor), 3)}",
        "(info)",
    ))

# --------------------------------------------------------------------------- sanitizer
san = load("sanitize.json")
SAN_CASES = [
    ("clean_str_clean", "clean", 500), ("clean_str_dirty", "dirty", 100),
    ("clean_value_clean", "clean", 500), ("clean_value_dirty", "dirty", 100),
]
if san is None:
    rows.append(("Sanitizer throughput", "≥ 500 MB/s clean, ≥ 100 MB/s dirty", "not run (shared/src/sanitize.rs absent or skipped)", "n/a"))
elif "error" in san:
    rows.append(("Sanitizer throughput", "≥ 500 MB/s clean, ≥ 100 MB/s dirty", san["error"], "n/a"))
else:
    for n, res in san.items():
        size = res["clean_str_clean"]["input_bytes"]
        label = f"{int(n):,} records, {size / 1e6:.2f} MB"
        for case, kind, target in SAN_CASES:
            r = res[case]
            api = "clean_str (one string)" if case.startswith("clean_str") else "clean_value (parsed JSON)"
            rows.append((
                f"Sanitizer {kind}, `{api}`, {label}",
                f"≥ {target} MB/s",
                f"{r['mb_per_s_median']:.0f} MB/s (min {r['mb_per_s_min']:.0f}, max {r['mb_per_s_max']:.0f})",
                verdict(r["mb_per_s_median"] >= target),
            ))

# --------------------------------------------------------------------------- lambda zip
lam = load("lambda.json")
if lam is None:
    rows.append(("Lambda bootstrap zip", "≤ 8 MB (arm64)", "skipped", "n/a"))
elif "error" in lam:
    rows.append(("Lambda bootstrap zip", "≤ 8 MB (arm64)", lam["error"], "n/a"))
else:
    zb = lam["zip_bytes"]
    rows.append((
        f"Lambda bootstrap.zip, **{lam['arch']}** (x86_64 stands in: no arm64 target here)",
        "≤ 8 MB (target is for arm64)",
        f"{zb / 1e6:.2f} MB ({zb:,} B; bootstrap unzipped {lam['entries'].get('bootstrap', 0) / 1e6:.2f} MB)",
        verdict(zb <= 8_000_000) + " (x86_64 proxy)",
    ))
    rows.append(("Lambda bootstrap.zip, arm64", "≤ 8 MB", "not measurable on this machine (no aarch64 target)", "n/a"))

# --------------------------------------------------------------------------- load
def load_row(name, d, up, faults):
    if not d:
        return None
    oc = d.get("outcomes", {})
    hard = sum(v for k, v in oc.items() if k in ("transport", "timeout", "bad_body", "rpc_error") or k.startswith("http_"))
    rss_b, rss_a = d.get("rss_before_kb"), d.get("rss_after_kb")
    series = [r for _, r in d.get("rss_series", [])]
    # Flat: no upward trend across the run (last quarter vs second quarter of samples).
    flat = None
    if len(series) >= 8:
        q = len(series) // 4
        early = statistics.median(series[q:2 * q])
        late = statistics.median(series[3 * q:])
        flat = late <= early * 1.05 + 256
    lat = d.get("latency_ms", {})
    done = d.get("calls", 0)
    return d, oc, hard, rss_b, rss_a, flat, lat, done


ld = load("load.json")
ldu = load("load-upstream.json", {})
r = load_row("load", ld, ldu, False)
if r:
    d, oc, hard, rss_b, rss_a, flat, lat, done = r
    errors = done - oc.get("ok", 0)
    ok = errors == 0 and d.get("not_sent", 1) == 0 and flat is not False
    rows.append((
        f"Load: {d['requested_calls']:,} calls at concurrency {d['concurrency']} (reads + tools/list)",
        "0 errors, RSS flat",
        f"{done:,} calls, **{errors} errors**, {d['throughput_rps']:.0f} calls/s, p50 {ms(lat.get('p50'))} p99 {ms(lat.get('p99'))}; "
        f"RSS before {mib(rss_b)} / during max {mib(d['rss_during_kb'].get('max'))} / after {mib(rss_a)} ({'flat' if flat else 'NOT flat' if flat is False else '?'})",
        verdict(ok),
    ))

if ld:
    rows.append((
        f"  peak RSS during that load (VmHWM, {ld['concurrency']} calls in flight)",
        "(info: the 24 MiB target is for the sequential mixed run)",
        f"{mib(ld.get('hwm_after_kb'))}",
        "(info)",
    ))

lf = load("load-faults.json")
lfu = load("load-faults-upstream.json", {})
lfl = load("load-faults-left.json", {})
r = load_row("faults", lf, lfu, True)
budget_ms = 25000
if r:
    d, oc, hard, rss_b, rss_a, flat, lat, done = r
    st = lfu.get("by_status", {})
    n429 = int(st.get("429", 0))
    total_up = lfu.get("upstream_requests", 0)
    max_ms = lat.get("max") or 0
    ok = hard == 0 and d.get("not_sent", 1) == 0 and max_ms <= budget_ms + 2000
    outcome_text = ", ".join(f"{k} {v:,}" for k, v in sorted(oc.items()))
    rows.append((
        f"Load with upstream 429s: {d['requested_calls']:,} calls at concurrency {d['concurrency']}",
        "every call ends in a result or a clear error within the budget (25 s)",
        f"{n429:,} of {total_up:,} upstream requests were 429 ({100 * n429 / max(total_up, 1):.1f}%); outcomes: {outcome_text}; "
        f"max latency {max_ms / 1000:.2f} s; RSS before {mib(rss_b)} / max {mib(d['rss_during_kb'].get('max'))} / after {mib(rss_a)}",
        verdict(ok),
    ))

# =========================================================================== output
p = print
p("# Benchmarks")
p()
p("Generated by `infra/bench/run.sh` (do not edit by hand; rerun the script). "
  "All traffic is on loopback; every load run is bounded in request count and time.")
p()
p("## Machine")
p()
mem_gib = int(machine.get("mem_total_kb", "0") or 0) / 1024 / 1024
p(f"- Date (UTC): {machine.get('date_utc', '?')}, run took {machine.get('total_s', '?')} s")
p(f"- CPU: {machine.get('cpu_model', '?')}, {machine.get('cpus', '?')} logical CPUs ({machine.get('threads_per_core', '?')} thread(s) per core)")
p(f"- Memory: {mem_gib:.1f} GiB; kernel {machine.get('kernel', '?')}; {machine.get('os', '?')}")
p(f"- Toolchain: {machine.get('rustc', '?')}; load generator: {(machine.get('wrk') or 'mcpbench').split(' [')[0]}")
p(f"- Code: commit {machine.get('git_commit', '?')}; {machine.get('git_dirty_files', '?')} uncommitted or untracked paths in the work tree at the start, infra/bench itself included; release profile: {release_profile()}")
p(f"- Load average at start {machine.get('loadavg_start', '?')}, at end {machine.get('loadavg_end', '?')}; "
  f"measured processes ran at nice {machine.get('nice', '0')} to damp other work on the shared machine")
if loads:
    p("- Load average per phase: " + "; ".join(f"{l['phase']} {l['loadavg']}" for l in loads))
if builds:
    p("- Build times this run: " + ", ".join(f"{k} {v} s" for k, v in builds.items() if v))
if sizes:
    p("- Binaries: " + ", ".join(f"{k[5:]} {int(v) / 1e6:.1f} MB" for k, v in sizes.items()))
p()
p("## Results")
p()
p("| Figure | Target | Measured | Result |")
p("|---|---|---|---|")
for fig, target, measured, v in rows:
    p(f"| {fig} | {target} | {measured} | {v} |")
p()

# ---- details
p("## Details")
p()
p("### Start → first answer")
p()
p(f"Each run spawns the binary with a fresh free loopback port, polls `connect()` every 50 µs, "
  f"POSTs `initialize` (`Connection: close`) as soon as it connects, and stops the clock when the whole "
  f"answer is read. The targets are interleaved run by run (order alternating), after one unmeasured warm-up "
  f"start each. zscaler-mcp runs with sandbox credentials pointed at the standalone simulator (no network I/O "
  f"at start: the token is fetched on the first tool call), HTTP auth off, stderr to /dev/null. "
  f"`cpu` is the child's user+system time and `faults` its minor page faults (wait4, at exit right "
  f"after the answer). Rows marked diag are diagnostics, not targets.")
p()
p("| Binary | n | min | p10 | **p50** | p90 | max | first connect p50 | CPU p50 | faults p50 |")
p("|---|---|---|---|---|---|---|---|---|---|")
for name, d in startup.items():
    a = d["first_answer_ms"]
    p(f"| {name} | {a['n']} | {ms(a['min'])} | {ms(a['p10'])} | **{ms(a['p50'])}** | {ms(a['p90'])} | {ms(a['max'])} | "
      f"{ms(d['first_connect_ms']['p50'])} | {ms(d['cpu_ms']['p50'])} | "
      f"{d.get('minor_faults', {}).get('p50', float('nan')):.0f} |")
    if d.get("failures"):
        notes.append(f"startup {name}: {len(d['failures'])} failed runs, e.g. {d['failures'][0]}")
if ratio:
    p()
    p(f"Ratio of medians: zscaler-mcp / baseline-hyper = **{ratio:.2f}×**; zscaler-mcp / baseline-std = {ratio_std:.2f}×.")
    p()
    relocs = int(env("relocs.env").get("relative") or 0)
    applies = f"applies {relocs:,} relative relocations" if relocs else "applies tens of thousands of relative relocations"
    p("Where the rest of the gap is: nothing at start waits on I/O or builds the catalog (the OneAPI token, the "
      "HTTPS client and its CA roots, the JWKS and the tool descriptions are all made on first use). What remains is "
      f"mostly loading a bigger position-independent executable: the dynamic loader {applies} (vtables, "
      "tracing callsites and static tables of the AWS SDK, h2, rustls, aws-lc, rmcp and the embedded sandbox "
      "simulator, and ~7,700 pointers of the tool tables) and every relocated page is a copy-on-write page fault, "
      "which is most of the difference in the `faults` column. The tool tables are plain `&'static` data: compiling "
      "them into pointer-free tables saved ~55 faults and ~0.3 ms per start but needed a hand-kept mirror of every "
      "spec type, so it was dropped (issue 17). The binary stays PIE: address-space layout randomisation of the "
      "executable is worth more than that fraction of a millisecond once per cold start.")
p()

p("### Memory after mixed calls")
p()
if mixed:
    p(f"A fresh server; {mixed.get('calls')} sequential calls cycling through tools/list, ZIA and ZPA list/get reads "
      f"(one with a JMESPath `query`) and one bad-argument call (`zia_get_location` with a string id, expected "
      f"`isError: true`). Outcomes: {mixed.get('outcomes')}; unexpected: {mixed.get('unexpected')}. "
      f"VmRSS right after start {mib(mixed.get('rss_at_start_kb'))}, before the loop {mib(mixed.get('rss_before_kb'))}, "
      f"after {mib(mixed.get('rss_after_kb'))}; VmHWM {mib(hwm)}. Latency p50 {ms(mixed['latency_ms']['p50'])}, "
      f"p99 {ms(mixed['latency_ms']['p99'])}.")
p()

def lat_table(title, a_name, a_rounds, b_name, b_rounds, diff_name):
    p(f"| {title} | rounds × calls | p50 | p90 | p99 | max | errors |")
    p("|---|---|---|---|---|---|---|")
    for name, rounds in ((a_name, a_rounds), (b_name, b_rounds)):
        for i, r in enumerate(rounds, 1):
            l = r["latency_us"]
            p(f"| {name} round {i} | {r['requests']} | {l['p50']} µs | {l['p90']} µs | {l['p99']} µs | {l['max']} µs | "
              f"{r.get('errors', 0) + r.get('non2xx', 0) + r.get('bad_bodies', 0)} |")
    for name, rounds in ((a_name, a_rounds), (b_name, b_rounds)):
        if rounds:
            p(f"| **{name}, median of rounds** | {len(rounds)} × {rounds[0]['requests']} | {median_pct(rounds, 'p50'):.0f} µs | "
              f"{median_pct(rounds, 'p90'):.0f} µs | {median_pct(rounds, 'p99'):.0f} µs | | |")
    if a_rounds and b_rounds:
        d = {k: median_pct(b_rounds, k) - median_pct(a_rounds, k) for k in ("p50", "p90", "p99")}
        p(f"| **{diff_name}** | | **{d['p50']:.0f} µs** | {d['p90']:.0f} µs | {d['p99']:.0f} µs | | |")
    p()

p("### Server overhead per warm tools/call")
p()
p("Same upstream request both ways: `GET /zia/api/v1/locations/{id}` straight to the simulator with a bearer token, "
  "and `tools/call zia_get_location {location_id}` through the server (which makes exactly that one upstream request: "
  f"checked in the simulator's request log). One keep-alive connection (`wrk -t1 -c1`, bounded by a Lua script to "
  "the call count, `-d120s` as the time bound), a 200-call warm-up of each, then "
  "alternating rounds. Percentile differences are differences of percentiles.")
p()
upchk = load("upstream-check.json", [])
if upchk:
    p(f"Upstream requests for 5 tools/calls: {len(upchk)} ({', '.join(sorted(set(r['method'] + ' ' + r['path'] for r in upchk)))}).")
    p()
lat_table("Run", "direct to simulator", direct, "through zscaler-mcp", server, "overhead (server − direct)")

p("### tools/list with every tool enabled")
p()
p(f"`ZSCALER_MCP_WRITE_ENABLED=true ZSCALER_MCP_WRITE_TOOLS='*' ZSCALER_MCP_REQUEST_STATE_KEYS=<random 32-byte key> "
  f"ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER=true`: {tl_info.get('tools', '?')} tools, response {tl_info.get('response_bytes', 0):,} bytes. "
  "Server time is estimated as tools/list latency minus `ping` latency on the same keep-alive connection "
  "(both through the whole HTTP + rmcp path; the difference is the listing and serialising work plus the extra bytes on loopback). "
  "The server builds the tool descriptions on the first `tools/list` and keeps rmcp's serialised answer per request shape "
  "and caller class; the warm-up calls include that first one, so the rounds measure the warm path.")
p()
lat_table("Run", "ping", ping, "tools/list", lst, "tools/list − ping")
st_small, st_large = wrk_rounds("static-small"), wrk_rounds("static-large")
if st_small and st_large:
    p("Floor for comparison: the hyper baseline answering the same request with a constant body, once its "
      f"{st_small[0].get('response_bytes', 0)}-byte answer and once the {st_large[0].get('response_bytes', 0):,}-byte "
      "tools/list response captured above. The difference is the cost of moving those bytes over loopback "
      "(server write + wrk read), i.e. what would remain if the listing were pre-serialised.")
    p()
    lat_table("Run", "constant small body", st_small, "constant tools/list body", st_large, "large − small (transport floor)")

p("### Load runs")
p()
fault_every = int(env("machine.env").get("fault_every", "9"))
for title, d, up, extra in (("Without faults", ld, ldu, None), ("With ~10% upstream 429s", lf, lfu, lfl)):
    if not d:
        continue
    p(f"**{title}.** {d['calls']:,} of {d['requested_calls']:,} calls completed in {d['duration_s']:.1f} s "
      f"({d['throughput_rps']:.0f} calls/s) over {d['concurrency']} keep-alive connections; mix: tools/list and "
      f"8 ZIA/ZPA reads in rotation. Latency p50 {ms(d['latency_ms']['p50'])}, p90 {ms(d['latency_ms']['p90'])}, "
      f"p99 {ms(d['latency_ms']['p99'])}, max {ms(d['latency_ms']['max'])}.")
    p()
    p(f"- Outcomes: {d['outcomes']}; unexpected: {d['unexpected']}; not sent: {d['not_sent']}.")
    p(f"- Upstream: {up.get('upstream_requests', '?')} requests, by status {up.get('by_status', {})}.")
    if extra is not None:
        p(f"- Faults: {d.get('faults_posted', 0)} one-shot (`times: 1`) rate-limit faults posted to `/__sim/faults` by the load generator, "
          f"one before every {fault_every}th call that goes upstream (`zia_rate_limit` on `/zia/` or `zpa_rate_limit` on `/zpa/`, by the "
          f"call's product; `tools/list` makes no upstream call), so about 1 in {fault_every + 1} upstream answers is a 429, spread over the run; "
          f"{extra.get('faults_left', '?')} left unconsumed at the end. The server retries a 429 after its `Retry-After` "
          f"(ZIA `1`, ZPA `4s`), so a call that meets one takes ≥ 1 s or ≥ 4 s.")
        if d.get("error_texts"):
            p(f"- Error texts seen: {d['error_texts']}.")
    rs = d.get("rss_during_kb", {})
    p(f"- RSS: before {mib(d.get('rss_before_kb'))}, during min {mib(rs.get('min'))} / median {mib(rs.get('p50'))} / max {mib(rs.get('max'))}, "
      f"after {mib(d.get('rss_after_kb'))}, VmHWM {mib(d.get('hwm_after_kb'))}. Samples (s, kB): "
      + " ".join(f"{t}:{r}" for t, r in d.get("rss_series", [])[::4]))
    p()

if san and "error" not in san:
    p("### Sanitizer")
    p()
    first = next(iter(san.values()))
    p(f"Mode: {first['mode']}. Input: records shaped like ZIA locations (ids, names with some non-ASCII city "
      "names, descriptions, IPs, nested groups). Dirty input puts markup in every description (HTML tags, `<script>`, "
      "zero-width and BiDi characters, Markdown links and images, chat-template tokens, role code fences) and a "
      "zero-width space in a quarter of the names. MB/s = input bytes (as serialised JSON) / time, median of ≥ 7 "
      "iterations; `clean_str` sanitises the whole serialised text as one string, `clean_value` walks the parsed "
      "`serde_json::Value` in place (the clone that restores the input is not timed).")
    p()
    p("| Records (bytes) | clean_str clean | clean_str dirty | clean_value clean | clean_value dirty |")
    p("|---|---|---|---|---|")
    for n, res in san.items():
        p(f"| {int(n):,} ({res['clean_str_clean']['input_bytes']:,} B) | "
          + " | ".join(f"{res[c]['mb_per_s_median']:.0f} MB/s" for c, _, _ in SAN_CASES) + " |")
    p()

if lam and "error" not in lam:
    p("### Lambda package")
    p()
    p(f"`cargo lambda build --release --bin zscaler-mcp-lambda --output-format zip` ({lam.get('build_s', '?')} s this run): "
      f"`{os.path.relpath(lam['zip'], os.path.join(OUT, '..', '..', '..', '..'))}`, {lam['zip_bytes']:,} bytes, "
      f"bootstrap ELF machine: {lam['arch']}. This machine has no `aarch64-unknown-linux-gnu` Rust target, so the arm64 "
      "zip the target refers to cannot be built here. The x86_64 figure is a proxy, not a measurement: the same "
      "code for aarch64 can come out somewhat larger or smaller, so a margin of a few percent under 8 MB is not "
      "proof that the arm64 zip fits.")
    p()

p("## Method notes")
p()
p("- Binaries are copied to `infra/bench/target/bin` after the build and measured from there, so a concurrent "
  "rebuild of `target/release` cannot swap them mid-run.")
p("- The server runs as the local HTTP binary (`zscaler-mcp --transport streamable-http`) with sandbox credentials "
  "against the standalone simulator (`zscaler-sim`), not `--sandbox`, so its RSS does not include the simulator "
  "(whose request log grows with every call).")
p("- Load generator: wrk (Debian) with `infra/bench/wrk/bounded.lua` for the latency figures; `mcpbench` "
  "(infra/bench/src/bin/mcpbench.rs, tokio + hyper, one keep-alive connection per worker) for the start-up probe, "
  "the mixed calls and the load runs, where it classifies every answer (result, `isError` result by kind, JSON-RPC "
  "error, HTTP status, transport error, timeout) and samples VmRSS every 100 ms.")
p("- The machine is shared with other work (see the load averages above), so tail percentiles are noisy; the "
  "figures use medians of interleaved rounds where it matters.")
for n in notes:
    p(f"- {n}")

# The token benchmark (infra/bench/tokens/run.sh) and the memory per tenant
# (infra/bench/tenants/run.sh) write their own sections, which are not re-measured here: carry
# each last result over, between the markers its script replaces.
for name, script in (("tokens", "tokens/run.sh"), ("tenants", "tenants/run.sh")):
    section = os.path.join(os.path.dirname(os.path.abspath(__file__)), name, f"{name.upper()}.md")
    if os.path.exists(section):
        p()
        p(f"<!-- {name}:begin: generated by infra/bench/{script}, kept by report.py -->")
        p(open(section).read(), end="")
        p(f"<!-- {name}:end -->")
