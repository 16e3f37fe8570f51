"""Shared facts for the peer scripts: the rules every peer checks, read from the gtdc@2020 pack itself."""
import csv
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACK = os.path.join(ROOT, "rules", "gtdc", "2020")

# The attribute rules every peer implements, by StdCheck rule id (scenario "attributes").
ATTRIBUTE_RULES = [
    "DLTB.DLBM.code-unknown",
    "DLTB.DLMC.name-code-mismatch",
    "DLTB.BSM.value-duplicated",
    "DLTB.ZLDWDM.pattern-mismatch",
    "DLTB.QSDWDM.pattern-mismatch",
    "DLTB.TBMJ.out-of-range",
    "DLTB.KCXS.out-of-range",
    "DLTB.QSXZ.value-missing",
    "DLTB.GDPDJB-required-for-cropland",
    "DLTB.TBDLMJ-not-TBMJ-minus-KCMJ",
    "DLTB.TBBH-not-digits",
    "DLTB.ZLDWMC-not-village-name",
]
# The fields those rules read, by layer: what the "raw read" row decodes.
ATTRIBUTE_FIELDS = {
    "DLTB": ["BSM", "TBBH", "DLBM", "DLMC", "QSXZ", "QSDWDM", "ZLDWDM", "ZLDWMC", "TBMJ", "KCXS", "KCMJ", "TBDLMJ",
             "GDPDJB"],
    "CJDCQ": ["ZLDWDM", "ZLDWMC"],
}
CROPLAND = {"0101", "0102", "0103"}
NINETEEN_DIGITS = re.compile(r"[0-9]{19}")
TBBH_DIGITS = re.compile(r"[0-9]{1,8}")


def code_names():
    with open(os.path.join(PACK, "codelists", "DLBM.csv"), encoding="utf-8") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


def geometry_rules():
    """The `geometry:` parameters of every rule in rules/geometry.yaml, by rule id, read from the pack (so a
    threshold changed there changes the peers too): {"DLTB.parcel-sliver": {"check": "min-area", "min": 10.0}, ...}.
    Only the flow mappings this file uses are parsed (scalars, one list of names)."""
    rules, current = {}, None
    with open(os.path.join(PACK, "rules", "geometry.yaml"), encoding="utf-8") as f:
        for line in f:
            found = re.match(r"  - id: (\S+)", line)
            if found:
                current = found.group(1)
                continue
            found = re.match(r"    geometry: \{(.*)\}\s*$", line)
            if found and current:
                rules[current] = {k.strip(): _scalar(v.strip()) for k, v in
                                  (item.split(":", 1) for item in re.split(r",\s*(?![^{]*\})", found.group(1)))}
            elif re.match(r"    geometry:\s*$", line) and current:
                rules[current] = {}
            elif current in rules and re.match(r"      (check|fields): ", line):
                key, value = line.strip().split(":", 1)
                value = value.strip()
                rules[current][key] = ([v.strip() for v in value.strip("[]").split(",")] if value.startswith("[")
                                       else _scalar(value))
    return rules


def _scalar(text):
    try:
        return float(text)
    except ValueError:
        return text


def blank(value):
    return value is None or (isinstance(value, str) and value.strip() == "") or value != value


def number(value):
    if blank(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def emit(counts):
    """Prints the peer's answer: {rule: findings} as one JSON line."""
    print(json.dumps(counts, sort_keys=True))
