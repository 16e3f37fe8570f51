"""Shared facts for the peer scripts: the rules every peer checks, read from the gtdc@2020 pack itself."""
import csv
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
CROPLAND = {"0101", "0102", "0103"}
NINETEEN_DIGITS = re.compile(r"[0-9]{19}")
TBBH_DIGITS = re.compile(r"[0-9]{1,8}")


def code_names():
    with open(os.path.join(PACK, "codelists", "DLBM.csv"), encoding="utf-8") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


def blank(value):
    return value is None or (isinstance(value, str) and value.strip() == "") or value != value


def number(value):
    if blank(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
