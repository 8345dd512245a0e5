# The work of the fake optimum-benchmark (see the header of ./optimum-benchmark).
# POSIX awk only (it runs under mawk, gawk and busybox awk). Inputs come through ENVIRON:
#   FOB_STAGE            plan | config | all | report | multirun
#   FOB_CONFIG_NAME      the --config-name
#   FOB_OVERRIDES        plan: the task overrides, one a line; other stages: the job's overrides, \037-separated
#   FOB_HYDRA_OVERRIDES  the hydra overrides, one a line (hydra/..., hydra.run.dir=..., ...)
#   FOB_JOB_DIR, FOB_JOB_NUM, FOB_DIRNAME   the job's directory, number and override_dirname
# The main input is the config yaml (flattened into dotted keys; `defaults:` and `hydra:` are skipped).

BEGIN {
    US = "\037"
    PLAIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-/+.$%*@?|"
    ESCAPED = "\\()[]{}:=, \t"
    KEYCHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-$./@+~"
    nkeys = 0
    defaults()
    depth = 0
}

# ---------- the config yaml ----------
/^[ \t]*#/ || /^[ \t]*$/ || /^[ \t]*-/ { next }
{
    line = $0
    sub(/[ \t]+#.*$/, "", line)
    match(line, /^ */)
    indent = RLENGTH
    rest = substr(line, indent + 1)
    c = index(rest, ":")
    if (c == 0) next
    key = substr(rest, 1, c - 1)
    value = substr(rest, c + 1)
    sub(/^[ \t]+/, "", value); sub(/[ \t]+$/, "", value)
    while (depth > 0 && stackIndent[depth] >= indent) depth--
    path = key
    for (i = depth; i >= 1; i--) path = stackKey[i] "." path
    if (value == "") { depth++; stackKey[depth] = key; stackIndent[depth] = indent; next }
    if (path ~ /^(hydra|defaults)(\.|$)/) next
    setKey(path, yamlValue(value))
}

END {
    stage = ENVIRON["FOB_STAGE"]
    if (stage == "plan") { plan(); exit 0 }
    nover = split(ENVIRON["FOB_OVERRIDES"], over, US)
    for (i = 1; i <= nover; i++) applyOverride(over[i])
    if (stage == "multirun") { writeMultirunYaml(); exit 0 }
    dir = ENVIRON["FOB_JOB_DIR"]
    if (modelOverridden && raw("backend.model") ~ /^\// && system("test -e " shellQuote(raw("backend.model"))) != 0)
        missingModel(nover)
    if (stage == "config" || stage == "all") writeConfig()
    if (stage == "report" || stage == "all") writeReport()
    exit 0
}

# ---------- the configuration model: ordered dotted keys with JSON literal values ----------
function setKey(k, v) {
    if (!(k in val)) order[++nkeys] = k
    val[k] = v
}

function defaults() {
    setKey("name", "\"" ENVIRON["FOB_CONFIG_NAME"] "\"")
    setKey("backend.name", "\"pytorch\""); setKey("backend.version", "\"2.13.0+cpu\"")
    setKey("backend._target_", "\"optimum_benchmark.backends.pytorch.backend.PyTorchBackend\"")
    setKey("backend.model", "\"fake-org/tiny-gpt2\""); setKey("backend.processor", "null")
    setKey("backend.task", "\"text-generation\""); setKey("backend.library", "\"transformers\"")
    setKey("backend.model_type", "\"gpt2\""); setKey("backend.device", "\"cpu\"")
    setKey("backend.device_ids", "null"); setKey("backend.seed", "42")
    setKey("backend.model_kwargs", "{}"); setKey("backend.processor_kwargs", "{}")
    setKey("backend.no_weights", "false"); setKey("backend.torch_dtype", "null")
    setKey("backend.eval_mode", "true"); setKey("backend.attn_implementation", "null")
    setKey("backend.cache_implementation", "null"); setKey("backend.torch_compile", "false")
    setKey("backend.torch_compile_target", "\"forward\""); setKey("backend.torch_compile_config", "{}")
    setKey("backend.quantization_scheme", "null"); setKey("backend.quantization_config", "{}")
    setKey("scenario.name", "\"inference\"")
    setKey("scenario._target_", "\"optimum_benchmark.scenarios.inference.scenario.InferenceScenario\"")
    setKey("scenario.iterations", "10"); setKey("scenario.duration", "0"); setKey("scenario.warmup_runs", "1")
    setKey("scenario.input_shapes.batch_size", "1"); setKey("scenario.input_shapes.sequence_length", "16")
    setKey("scenario.new_tokens", "null"); setKey("scenario.memory", "false"); setKey("scenario.latency", "true")
    setKey("scenario.energy", "false"); setKey("scenario.forward_kwargs", "{}")
    setKey("scenario.generate_kwargs.max_new_tokens", "8"); setKey("scenario.generate_kwargs.min_new_tokens", "8")
    setKey("scenario.call_kwargs", "{}")
    setKey("launcher.name", "\"process\"")
    setKey("launcher._target_", "\"optimum_benchmark.launchers.process.launcher.ProcessLauncher\"")
    setKey("launcher.device_isolation", "false"); setKey("launcher.numactl", "false")
    setKey("launcher.start_method", "\"spawn\"")
    setKey("environment.cpu", "\"fake cpu\""); setKey("environment.cpu_count", "2")
    setKey("environment.system", "\"Linux\""); setKey("environment.machine", "\"x86_64\"")
    setKey("environment.python_version", "\"3.11.7\"")
    setKey("environment.optimum_benchmark_version", "\"0.7.0.dev0+fake\"")
    setKey("environment.optimum_benchmark_commit", "null")
    setKey("environment.transformers_version", "\"4.57.6\""); setKey("environment.transformers_commit", "null")
    setKey("print_report", "true"); setKey("log_report", "true")
}

function yamlValue(v) {
    if (v ~ /^'.*'$/ || v ~ /^".*"$/) return jsonString(substr(v, 2, length(v) - 2))
    if (v == "{}" || v == "[]" || v == "null" || v == "true" || v == "false") return v
    if (v == "~") return "null"
    if (v ~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) return v
    return jsonString(v)
}

function jsonString(s) {
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    return "\"" s "\""
}

function overrideKey(o,   k) {
    k = substr(o, 1, index(o, "=") - 1)
    sub(/^\+\+?/, "", k)
    return k
}

function overrideValue(o) {
    return substr(o, index(o, "=") + 1)
}

# Sets a task override's key to its value as Hydra reads it: a quoted value is a string, an unquoted one is
# unescaped and typed like YAML, a list/dict/function is kept as written.
function applyOverride(o,   v) {
    if (o == "" || index(o, "=") == 0 || o ~ /^~/) return
    if (parseOverride(o) != "" || PN != 1) v = yamlValue(overrideValue(o))
    else if (PQ[1] == "-") v = yamlValue(PRAW[1])
    else if (PQ[1] != "") v = jsonString(PLIT[1])
    else v = yamlValue(PLIT[1])
    setKey(overrideKey(o), v)
    if (overrideKey(o) == "backend.model") modelOverridden = 1
}

# ---------- Hydra's override grammar (OverrideLexer.g4 / OverrideParser.g4), for the forms in use ----------
# Parses key=value, the value being primitives (plain characters, \-escapes, 'quoted' or "quoted" strings,
# ${...} interpolations), lists, dicts or functions kept as written, or a sweep of those at unescaped commas.
# Sets PN (the number of elements), PRAW[i] (an element as written), PLIT[i] (the string Hydra makes of a
# primitive) and PQ[i] (its quote character, "" unquoted, "-" for no primitive). Returns "" or Hydra's message.
function parseOverride(o,   eq, key, v, n, i, c, nx, depth, cur, lit, q, prim, j, m, nb, len, quoted) {
    PN = 0
    eq = index(o, "=")
    if (eq == 0) {
        if (o ~ /^~/) return ""
        return "Error parsing override '" o "'\nmissing EQUAL at '<EOF>'"
    }
    key = substr(o, 1, eq - 1)
    if (key !~ /^(\+\+|\+|~)?(([A-Za-z_$][-A-Za-z0-9_$]*|0|[1-9](_?[0-9])*)(\.([A-Za-z_$][-A-Za-z0-9_$]*|0|[1-9](_?[0-9])*))*|[A-Za-z_][-A-Za-z0-9_]*(\/[A-Za-z_][-A-Za-z0-9_]*)+)(@([A-Za-z_$][-A-Za-z0-9_$]*|0|[1-9](_?[0-9])*)(\.([A-Za-z_$][-A-Za-z0-9_$]*|0|[1-9](_?[0-9])*))*)?$/) {
        for (i = 1; i <= length(key); i++) if (index(KEYCHARS, substr(key, i, 1)) == 0) break
        return lexerError(o, i > length(key) ? 1 : i)
    }
    v = substr(o, eq + 1); len = length(v)
    n = 0; depth = 0; cur = ""; lit = ""; q = ""; prim = 1
    i = 1
    while (i <= len) {
        c = substr(v, i, 1)
        if (c == "," && depth == 0) {
            finishElement(++n, cur, lit, q, prim)
            cur = ""; lit = ""; q = ""; prim = 1; i++
            continue
        }
        if (c == "\\") {
            nx = substr(v, i + 1, 1)
            if (nx != "" && index(ESCAPED, nx) > 0) { cur = cur c nx; lit = lit nx; i += 2 }
            else { cur = cur c; lit = lit c; i++ }
            continue
        }
        if (c == "'" || c == "\"") {
            if (cur !~ /^[ \t]*$/ && depth == 0) return lexerError(o, eq + i)
            # the closing quote is the first one after an even number of backslashes
            nb = 0; quoted = ""
            for (j = i + 1; j <= len; j++) {
                if (substr(v, j, 1) == "\\") { nb++; continue }
                if (substr(v, j, 1) == c) {
                    for (m = 0; m < int(nb / 2); m++) quoted = quoted "\\"
                    if (nb % 2 == 0) break
                    quoted = quoted c; nb = 0; continue
                }
                while (nb > 0) { quoted = quoted "\\"; nb-- }
                quoted = quoted substr(v, j, 1)
            }
            if (j > len) return lexerError(o, eq + i)
            cur = cur substr(v, i, j - i + 1); lit = quoted; q = c
            i = j + 1
            continue
        }
        if (c == "$" && substr(v, i + 1, 1) == "{" && index(substr(v, i), "}") > 0) {
            j = index(substr(v, i), "}")
            cur = cur substr(v, i, j); lit = lit substr(v, i, j); i += j
            continue
        }
        if (c == "[" || c == "{" || c == "(") { depth++; prim = 0; cur = cur c; i++; continue }
        if (c == "]" || c == "}" || c == ")") { depth--; cur = cur c; i++; continue }
        if (c == "=" && depth == 0) {
            if (i == 1) return "Error parsing override '" o "'\nextraneous input '=' expecting {<EOF>, ':', BRACKET_OPEN," \
                " BRACE_OPEN, FLOAT, INT, BOOL, NULL, UNQUOTED_CHAR, ID, ESC, WS, QUOTED_VALUE, INTERPOLATION}"
            return "mismatched input '=' expecting <EOF>"
        }
        if (index(PLAIN, c) > 0 || c == ":" || c == " " || c == "\t" || (depth > 0 && c == "=")) {
            cur = cur c; lit = lit c; i++
            continue
        }
        return lexerError(o, eq + i)
    }
    finishElement(++n, cur, lit, q, prim)
    PN = n
    return ""
}

# Hydra drops the whitespace around an element, unless escaped.
function finishElement(k, cur, lit, q, prim,   lead, trail) {
    match(cur, /^[ \t]*/); lead = RLENGTH
    cur = substr(cur, lead + 1)
    if (q == "") lit = substr(lit, lead + 1)
    trail = 0
    while (cur ~ /[ \t]$/ && cur !~ /\\[ \t]$/) { cur = substr(cur, 1, length(cur) - 1); trail++ }
    if (q == "") lit = substr(lit, 1, length(lit) - trail)
    PRAW[k] = cur; PLIT[k] = lit; PQ[k] = prim ? q : "-"
}

# A hydra.run.dir or hydra.sweep.dir value as Hydra reads it.
function dirValue(v) {
    if (v != "" && parseOverride("x=" v) == "" && PN == 1 && PQ[1] != "-") return PLIT[1]
    return v
}

function lexerError(o, at) {
    return "LexerNoViableAltException: " o "\n" sprintf("%" (27 + at - 1) "s", "") "^"
}

# An element as Hydra writes it back into a multirun job's overrides: quoted again, escaped, or as written.
function canonical(k,   s, i, c, out, nb) {
    if (PQ[k] == "-" || PRAW[k] ~ /^[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/ || PRAW[k] ~ /^(true|false|null)$/ \
        || index(PLIT[k], "${") > 0) return PRAW[k]
    s = PLIT[k]; out = ""
    if (PQ[k] != "") {
        nb = 0
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (c == "\\") { nb++; continue }
            while (nb > 0) { out = out (c == PQ[k] ? "\\\\" : "\\"); nb-- }
            out = out (c == PQ[k] ? "\\" c : c)
        }
        while (nb > 0) { out = out "\\\\"; nb-- }
        return PQ[k] out PQ[k]
    }
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        out = out (index(ESCAPED, c) > 0 ? "\\" : "") c
    }
    return out
}

# Hydra's job log (cli.log) is written unless hydra/job_logging=disabled (benchmark.py's and commitbench's argv).
function jobLogging() {
    return index("\n" ENVIRON["FOB_HYDRA_OVERRIDES"], "\nhydra/job_logging=disabled\n") == 0
}

function shellQuote(s) {
    gsub(/'/, "'\\''", s)
    return "'" s "'"
}

function raw(k,   v) {
    v = val[k]
    if (v ~ /^".*"$/) { v = substr(v, 2, length(v) - 2); gsub(/\\"/, "\"", v); gsub(/\\\\/, "\\", v) }
    return v
}

# ---------- plan: validate overrides, expand sweeps; prints the base dir, then per job: dir, override_dirname, num, overrides (\036-separated) ----------
function plan(   n, i, j, o, k, rawList, sweepKeys, nvals, values, total, num, idx, rem, parts, dirname, jobOver, sortd, base, dir, unknown, multirun) {
    multirun = ENVIRON["FOB_MULTIRUN"] == "1"
    n = split(ENVIRON["FOB_ALL_OVERRIDES"], rawList, "\n")
    for (i = 1; i <= n; i++) {
        if (rawList[i] == "") continue
        o = parseOverride(rawList[i])
        if (o != "") fail1(o "\nSee https://hydra.cc/docs/1.2/advanced/override_grammar/basic for details")
    }
    n = split(ENVIRON["FOB_OVERRIDES"], rawList, "\n")
    k = 0
    for (i = 1; i <= n; i++) if (rawList[i] != "") list[++k] = rawList[i]
    n = k
    nunknown = split(ENVIRON["FAKE_OB_UNKNOWN_KEYS"], unknown, ",")
    for (i = 1; i <= n; i++) {
        o = list[i]
        if (index(o, "=") == 0) fail1("Error parsing override '" o "'\nmissing EQUAL at '<EOF>'")
        k = overrideKey(o)
        if (o !~ /^\+/ && isUnknown(k, unknown, nunknown)) unknownKey(k, overrideValue(o))
        parseOverride(o)
        nvals[i] = PN
        # a multirun's jobs get their overrides as Hydra writes them back; a run keeps the line as given
        for (j = 1; j <= PN; j++) values[i, j] = multirun ? canonical(j) : overrideValue(o)
        if (nvals[i] > 1 && !multirun)
            fail1("Ambiguous value for argument '" o "'\n1. To use it as a list, use key=[value1,value2]\n" \
                  "2. To use it as string, quote the value: key=\\'value1,value2\\'\n" \
                  "3. To sweep over it, add --multirun to your command line")
    }
    for (i = 1; i <= n; i++) if (overrideKey(list[i]) == "name") setKey("name", yamlValue(overrideValue(list[i])))
    total = 1
    for (i = 1; i <= n; i++) total *= nvals[i]
    base = dirValue(multirun ? ENVIRON["FOB_SWEEP_DIR"] : ENVIRON["FOB_RUN_DIR"])
    if (base == "") base = (multirun ? "sweeps/" : "runs/") raw("name")
    print base
    for (num = 0; num < total; num++) {
        rem = num
        for (i = n; i >= 1; i--) { idx[i] = rem % nvals[i] + 1; rem = int(rem / nvals[i]) }
        jobOver = ""
        for (i = 1; i <= n; i++) {
            parts[i] = overrideKey(list[i]) "=" values[i, idx[i]]
            if (list[i] ~ /^\+\+/) parts[i] = "++" parts[i]; else if (list[i] ~ /^\+/) parts[i] = "+" parts[i]
            jobOver = jobOver (i > 1 ? US : "") parts[i]
        }
        for (i = 1; i <= n; i++) sortd[i] = parts[i]
        sortStrings(sortd, n)
        dirname = ""
        for (i = 1; i <= n; i++) dirname = dirname (i > 1 ? "," : "") sortd[i]
        dir = base
        if (multirun) dir = base "/" (dirname == "" || numbered() ? num : dirname)
        printf "%s\036%s\036%d\036%s\n", dir, dirname, num, jobOver
    }
}

# Hydra's default sweep subdir is the job number; override_dirname is what benchmark.py's configs set
function numbered() {
    return ENVIRON["FAKE_OB_JOB_NAMES"] == "numbered"
}

function isUnknown(k, unknown, nunknown,   i, last) {
    last = k; sub(/^.*\./, "", last)
    if (last ~ /^no_such/) return 1
    for (i = 1; i <= nunknown; i++) if (unknown[i] == k) return 1
    return 0
}

function unknownKey(k, v,   last, group, type) {
    last = k; sub(/^.*\./, "", last)
    group = k; if (index(group, ".") == 0) group = ""; else sub(/\..*$/, "", group)
    type = group == "backend" ? "PyTorchConfig" : group == "scenario" ? "InferenceConfig" : \
           group == "launcher" ? "ProcessConfig" : group == "" ? "BenchmarkConfig" : "DictConfig"
    fail1("Could not override '" k "'.\nTo append to your config use +" k "=" v "\n" \
          "Key '" last "' not in '" type "'\n    full_key: " k "\n    object_type=" type)
}

function fail1(msg) {
    printf "%s\n\nSet the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace.\n", msg > "/dev/stderr"
    exit 1
}

# Splits a sweep value on commas outside brackets and quotes; returns the count.
function splitSweep(v, values, i,   n, c, level, cur, ch, q) {
    n = 0; level = 0; cur = ""; q = ""
    for (c = 1; c <= length(v); c++) {
        ch = substr(v, c, 1)
        if (q != "") { if (ch == q) q = "" }
        else if (ch == "'" || ch == "\"") q = ch
        else if (ch == "[" || ch == "(" || ch == "{") level++
        else if (ch == "]" || ch == ")" || ch == "}") level--
        else if (ch == "," && level == 0) { values[i, ++n] = cur; cur = ""; continue }
        cur = cur ch
    }
    values[i, ++n] = cur
    return n
}

function sortStrings(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) {
        t = a[i]
        for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
    }
}

# ---------- writers ----------
# Children of a prefix, in first-appearance order.
function children(prefix, out,   i, k, rest, c, n, seen) {
    n = 0
    for (i = 1; i <= nkeys; i++) {
        k = order[i]
        if (prefix != "") { if (index(k, prefix ".") != 1) continue; rest = substr(k, length(prefix) + 2) }
        else rest = k
        c = index(rest, "."); if (c > 0) rest = substr(rest, 1, c - 1)
        if (!(rest in seen)) { seen[rest] = 1; out[++n] = rest }
    }
    return n
}

function json(prefix, indent,   kids, n, i, full, pad, s) {
    n = children(prefix, kids)
    if (n == 0) return "{}"
    pad = sprintf("%" (indent + 4) "s", "")
    s = "{\n"
    for (i = 1; i <= n; i++) {
        full = prefix == "" ? kids[i] : prefix "." kids[i]
        s = s pad "\"" kids[i] "\": " ((full in val) ? val[full] : json(full, indent + 4)) (i < n ? "," : "") "\n"
    }
    return s sprintf("%" indent "s", "") "}"
}

function yaml(prefix, indent,   kids, n, i, full, pad, s, v) {
    n = children(prefix, kids)
    pad = sprintf("%" indent "s", "")
    s = ""
    for (i = 1; i <= n; i++) {
        full = prefix == "" ? kids[i] : prefix "." kids[i]
        if (full in val) {
            v = val[full]
            if (v ~ /^".*"$/) { v = raw(full); if (needsQuotes(v)) v = "'" v "'" }
            s = s pad kids[i] ": " v "\n"
        } else s = s pad kids[i] ":\n" yaml(full, indent + 2)
    }
    return s
}

function needsQuotes(v,   i) {
    if (v == "" || v ~ /^[-0-9.]+$/ || v ~ /^(true|false|null)$/) return 1
    for (i = 1; i <= length(v); i++) if (index(":#{}[],'\"", substr(v, i, 1)) > 0) return 1
    return 0
}

function hydraYaml(mode, jobDir,   s, n, i, h, t) {
    s = "hydra:\n  run:\n    dir: " (ENVIRON["FOB_RUN_DIR"] == "" ? "runs/${name}" : dirValue(ENVIRON["FOB_RUN_DIR"])) "\n"
    s = s "  sweep:\n    dir: " (ENVIRON["FOB_SWEEP_DIR"] == "" ? "sweeps/${name}" : dirValue(ENVIRON["FOB_SWEEP_DIR"])) "\n"
    s = s "    subdir: ${hydra.job." (numbered() ? "num" : "override_dirname") "}\n"
    s = s "  mode: " mode "\n  output_subdir: .hydra\n  overrides:\n    hydra:\n"
    n = split(ENVIRON["FOB_HYDRA_OVERRIDES"], h, "\n")
    for (i = 1; i <= n; i++) if (h[i] != "") s = s "    - " h[i] "\n"
    s = s "    - hydra.mode=" mode "\n"
    n = split(ENVIRON["FOB_OVERRIDES"], t, US)
    if (n > 0 && t[n] == "") n--
    s = s "    task:" (n == 0 ? " []" : "") "\n"
    for (i = 1; i <= n; i++) s = s "    - " t[i] "\n"
    s = s "  job:\n    name: cli\n    chdir: true\n    override_dirname: '" ENVIRON["FOB_DIRNAME"] "'\n"
    if (jobDir == "") s = s "    id: ???\n    num: ???\n"
    else s = s "    id: '" ENVIRON["FOB_JOB_NUM"] "'\n    num: " ENVIRON["FOB_JOB_NUM"] "\n"
    s = s "    config_name: " ENVIRON["FOB_CONFIG_NAME"] "\n"
    s = s "    config:\n      override_dirname:\n        kv_sep: '='\n        item_sep: ','\n        exclude_keys: []\n"
    s = s "  runtime:\n    version: 1.3.2\n    version_base: '1.3'\n    cwd: " ENVIRON["FOB_CWD"] "\n"
    if (jobDir != "") s = s "    output_dir: " jobDir "\n"
    s = s "  verbose: false\n"
    return s
}

# Like the real tool with a model path that does not exist: only .hydra/ and empty logs, exit 1.
function missingModel(nover,   i, list, f) {
    writeHydra()
    f = dir "/benchmark.log"; printf "" > f; close(f)
    if (jobLogging()) { f = dir "/cli.log"; printf "" > f; close(f) }
    for (i = 1; i <= nover; i++) if (over[i] != "") list = list (list == "" ? "" : ", ") "'" over[i] "'"
    printf "Error executing job with overrides: [%s]\nTraceback (most recent call last):\n", list > "/dev/stderr"
    printf "  File \"optimum_benchmark/cli.py\", line 71, in main\n" > "/dev/stderr"
    printf "KeyError: '`%s` is neither an hf hub repo nor a local directory.'\n\n", raw("backend.model") > "/dev/stderr"
    printf "Set the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace.\n" > "/dev/stderr"
    exit 1
}

function writeConfig(   f) {
    writeHydra()
    f = dir "/benchmark_config.json"; printf "%s", json("", 0) > f; close(f)
}

function writeHydra(   f, n, i, t) {
    f = dir "/.hydra/config.yaml"; printf "%s", yaml("", 0) > f; close(f)
    f = dir "/.hydra/hydra.yaml"
    printf "%s", hydraYaml(ENVIRON["FOB_MULTIRUN"] == "1" ? "MULTIRUN" : "RUN", dir) > f; close(f)
    f = dir "/.hydra/overrides.yaml"
    n = split(ENVIRON["FOB_OVERRIDES"], t, US)
    if (n == 0) printf "[]\n" > f
    for (i = 1; i <= n; i++) printf "- %s\n", t[i] > f
    close(f)
}

function writeMultirunYaml(   f) {
    f = ENVIRON["FOB_JOB_DIR"] "/multirun.yaml"
    printf "%s%s", hydraYaml("MULTIRUN", ""), yaml("", 0) > f
    close(f)
}

# ---------- the report ----------
function num(name, fallback,   v) {
    v = ENVIRON[name]
    return v == "" ? fallback : v + 0
}

function gauss(   u, v) {
    u = rand(); if (u < 1e-12) u = 1e-12
    v = rand()
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v)
}

# A lognormal factor with mean 1 and the given coefficient of variation.
function lognormal(cv,   s) {
    if (cv <= 0) return 1
    s = sqrt(log(1 + cv * cv))
    return exp(s * gauss() - s * s / 2)
}

function draw(   v) {
    v = mean * processFactor * driftFactor * lognormal(cv)
    if (outlierRate > 0 && rand() < outlierRate) v *= outlierFactor
    return v
}

function fmt(x) {
    if (x == int(x) && x < 1e15 && x > -1e15) return sprintf("%d", x)
    return sprintf("%.17g", x)
}

function sortNumbers(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) {
        t = a[i]
        for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
    }
}

# numpy's default (linear) percentile of sorted values.
function percentile(s, n, p,   pos, lo) {
    pos = p / 100 * (n - 1); lo = int(pos)
    if (lo + 1 > n - 1) return s[n]
    return s[lo + 1] + (pos - lo) * (s[lo + 2] - s[lo + 1])
}

function latency(values, n, pad, nanFirst,   i, s, total, m, sd, sorted, out, p) {
    total = 0
    for (i = 1; i <= n; i++) { total += values[i]; sorted[i] = values[i] }
    m = total / n
    sd = 0
    for (i = 1; i <= n; i++) sd += (values[i] - m) * (values[i] - m)
    sd = sqrt(sd / n)
    sortNumbers(sorted, n)
    out = "{\n" pad "    \"unit\": \"s\",\n" pad "    \"values\": ["
    for (i = 1; i <= n; i++) out = out (i > 1 ? "," : "") "\n" pad "        " (nanFirst && i == 1 ? "NaN" : fmt(values[i]))
    out = out "\n" pad "    ],\n"
    out = out pad "    \"count\": " n ",\n" pad "    \"total\": " fmt(total) ",\n"
    out = out pad "    \"mean\": " (nanFirst ? "NaN" : fmt(m)) ",\n"
    out = out pad "    \"p50\": " fmt(percentile(sorted, n, 50)) ",\n" pad "    \"p90\": " fmt(percentile(sorted, n, 90)) ",\n"
    out = out pad "    \"p95\": " fmt(percentile(sorted, n, 95)) ",\n" pad "    \"p99\": " fmt(percentile(sorted, n, 99)) ",\n"
    out = out pad "    \"stdev\": " fmt(sd) ",\n" pad "    \"stdev_\": " fmt(m > 0 ? sd / m * 100 : 0) "\n" pad "}"
    sectionMean = m
    return out
}

function section(name, lat, throughputUnit, throughputValue, last, pad,   t) {
    t = throughputUnit == "" ? "null" : "{\n" pad "        \"unit\": \"" throughputUnit "\",\n" pad "        \"value\": " fmt(throughputValue) "\n" pad "    }"
    return pad "\"" name "\": {\n" pad "    \"memory\": null,\n" pad "    \"latency\": " lat ",\n" \
        pad "    \"throughput\": " t ",\n" pad "    \"energy\": null,\n" pad "    \"efficiency\": null\n" pad "}" (last ? "" : ",") "\n"
}

function report(pad,   iters, i, k, j, prefill, decode, generate, perToken, one, nTok, tokens, batch, s, lat, m, nPer, nan) {
    iters = num("FAKE_OB_ITERATIONS", raw("scenario.iterations") + 0)
    if (iters < 1) iters = 1
    batch = raw("scenario.input_shapes.batch_size") + 0; if (batch < 1) batch = 1
    tokens = raw("scenario.generate_kwargs.max_new_tokens") + 0; if (tokens < 2) tokens = 2
    nan = ENVIRON["FAKE_OB_MODE"] == "nan"
    s = "{\n"
    one[1] = draw(); lat = latency(one, 1, pad "    ", 0)
    s = s section("load_model", lat, "", 0, 0, pad)
    one[1] = 2 * draw(); lat = latency(one, 1, pad "    ", 0)
    s = s section("first_generate", lat, "", 0, 0, pad)
    for (i = 1; i <= iters; i++) { prefill[i] = draw(); decode[i] = draw(); generate[i] = prefill[i] + decode[i] }
    lat = latency(generate, iters, pad "    ", 0)
    s = s section("generate", lat, "samples/s", batch * (tokens - 1) / sectionMean, 0, pad)
    lat = latency(prefill, iters, pad "    ", 0)
    s = s section("prefill", lat, "samples/s", batch / sectionMean, 0, pad)
    lat = latency(decode, iters, pad "    ", nan)
    m = sectionMean
    s = s section("decode", lat, "tokens/s", batch * (tokens - 1) / m, 0, pad)
    decodeMean = m
    # per_token repeats earlier iterations, as the real tracker does (k iterations give k * (tokens - 1) values each).
    nPer = 0
    for (k = 1; k <= iters; k++) for (i = 1; i <= k; i++) for (j = 1; j < tokens; j++) perToken[++nPer] = decode[i] / (tokens - 1)
    lat = latency(perToken, nPer, pad "    ", 0)
    s = s section("per_token", lat, "", 0, 1, pad)
    return s "}"
}

function writeReport(   f, seed, t, r, cfg, lines) {
    mean = num("FAKE_OB_MEAN", 0.02)
    cv = num("FAKE_OB_CV", 0.05)
    outlierRate = num("FAKE_OB_OUTLIER_RATE", 0)
    outlierFactor = num("FAKE_OB_OUTLIER_FACTOR", 3)
    driftFactor = 1 + num("FAKE_OB_DRIFT", 0) * num("FOB_RUN_INDEX", 0)
    if (ENVIRON["FAKE_OB_SEED"] != "") seed = ENVIRON["FAKE_OB_SEED"] + 7919 * num("FOB_RUN_INDEX", 0) + hash(ENVIRON["FOB_DIRNAME"])
    else { srand(); t = srand(); seed = t + 104729 * num("FOB_PID", 0) + 7919 * num("FOB_JOB_NUM", 0) + hash(ENVIRON["FOB_DIRNAME"]) }
    srand(seed % 2147483629)
    processFactor = lognormal(num("FAKE_OB_PROCESS_CV", 0))
    r = report("    ")
    cfg = json("", 4)
    if (ENVIRON["FAKE_OB_MODE"] == "truncated") { r = substr(r, 1, int(length(r) / 2)); }
    if (ENVIRON["FAKE_OB_MODE"] == "notjson") r = "<html>this is not a JSON report</html>"
    f = dir "/benchmark_report.json"; printf "%s", r > f; close(f)
    f = dir "/benchmark.json"
    if (ENVIRON["FAKE_OB_MODE"] == "notjson" || ENVIRON["FAKE_OB_MODE"] == "truncated") printf "%s", r > f
    else printf "{\n    \"config\": %s,\n    \"report\": %s\n}", cfg, report_indented(r) > f
    close(f)
    if (ENVIRON["FAKE_OB_MODE"] != "instant") {
        f = dir "/benchmark_report.txt"; printf "+ decode:\n\t+ latency:\n\t\t+ mean: %.6f (s)\n", decodeMean > f; close(f)
        f = dir "/benchmark_report.md"; printf "# decode:\n\n| metric | value | unit |\n| mean | %.6f | s |\n", decodeMean > f; close(f)
        f = dir "/benchmark.log"; printf "[fake-optimum-benchmark][INFO] - benchmark %s done\n", raw("name") > f; close(f)
        if (jobLogging()) { f = dir "/cli.log"; printf "" > f; close(f) }
    }
    printf "[fake-optimum-benchmark][INFO] - + decode.latency.mean: %.6f (s)\n", decodeMean
}

function report_indented(r,   out) {
    out = r
    gsub(/\n/, "\n    ", out)
    return out
}

function hash(s,   h, i) {
    h = 0
    for (i = 1; i <= length(s); i++) h = (h * 31 + index(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~", substr(s, i, 1))) % 1000003
    return h
}
