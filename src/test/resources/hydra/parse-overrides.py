"""Parses Hydra overrides with Hydra's own parser, for HydraSyntaxRealHydraTests.

Reads one JSON string (an override) per line on stdin; writes one JSON object per line on stdout:
{"ok": true, "key": ..., "value": ..., "type": ..., "canonical": ...} or {"ok": false, "error": ...}.
"canonical" is the value as Hydra writes it back (get_value_element_as_str), as in a multirun's job overrides.
"""
import json
import sys

from hydra.core.override_parser.overrides_parser import OverridesParser

parser = OverridesParser.create()
for line in sys.stdin:
    override = json.loads(line)
    try:
        parsed = parser.parse_overrides([override])[0]
        value = parsed.value()
        result = {"ok": True, "key": parsed.key_or_group, "value": value if isinstance(value, str) else None,
                  "type": type(value).__name__,
                  "canonical": None if parsed.is_sweep_override() else parsed.get_value_element_as_str()}
    except Exception as e:  # noqa: BLE001 - every parse failure is a result here
        result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
    print(json.dumps(result), flush=True)
