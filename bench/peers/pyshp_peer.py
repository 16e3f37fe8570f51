"""Peer: pyshp + plain Python, record by record. Prints {rule: findings} as JSON."""
import json
import sys

import shapefile  # pyshp

from common import (ATTRIBUTE_RULES, CROPLAND, NINETEEN_DIGITS, TBBH_DIGITS, blank, code_names, number)


def main(folder):
    names = code_names()
    villages = {}
    with shapefile.Reader(folder + "/CJDCQ", encoding="gbk") as cjdcq:
        for record in cjdcq.iterRecords(fields=["ZLDWDM", "ZLDWMC"]):
            villages.setdefault(record[0], record[1])
    counts = {rule: 0 for rule in ATTRIBUTE_RULES}
    seen = set()
    with shapefile.Reader(folder + "/DLTB", encoding="gbk") as dltb:
        fields = [f[0] for f in dltb.fields[1:]]
        at = {name: i for i, name in enumerate(fields)}
        for record in dltb.iterRecords():
            get = lambda name: record[at[name]]
            dlbm, dlmc = get("DLBM"), get("DLMC")
            if not blank(dlbm) and dlbm not in names:
                counts["DLTB.DLBM.code-unknown"] += 1
            elif dlbm in names and dlmc != names[dlbm]:
                counts["DLTB.DLMC.name-code-mismatch"] += 1
            bsm = get("BSM")
            if not blank(bsm):
                if bsm in seen:
                    counts["DLTB.BSM.value-duplicated"] += 1
                seen.add(bsm)
            for field in ("ZLDWDM", "QSDWDM"):
                value = get(field)
                if not blank(value) and not NINETEEN_DIGITS.fullmatch(value):
                    counts["DLTB.%s.pattern-mismatch" % field] += 1
            tbmj = number(get("TBMJ"))
            if tbmj is not None and tbmj <= 0:
                counts["DLTB.TBMJ.out-of-range"] += 1
            kcxs = number(get("KCXS"))
            if kcxs is not None and not 0 <= kcxs < 1:
                counts["DLTB.KCXS.out-of-range"] += 1
            if blank(get("QSXZ")):
                counts["DLTB.QSXZ.value-missing"] += 1
            if dlbm in CROPLAND and blank(get("GDPDJB")):
                counts["DLTB.GDPDJB-required-for-cropland"] += 1
            tbdlmj, kcmj = number(get("TBDLMJ")), number(get("KCMJ")) or 0
            if tbdlmj is not None and tbmj is not None and abs(tbdlmj - (tbmj - kcmj)) > 0.01:
                counts["DLTB.TBDLMJ-not-TBMJ-minus-KCMJ"] += 1
            tbbh = get("TBBH")
            if not blank(tbbh) and not TBBH_DIGITS.fullmatch(tbbh):
                counts["DLTB.TBBH-not-digits"] += 1
            zldwdm = get("ZLDWDM")
            if zldwdm in villages and get("ZLDWMC") != villages[zldwdm]:
                counts["DLTB.ZLDWMC-not-village-name"] += 1
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
