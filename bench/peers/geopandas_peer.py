"""Peer: pyogrio (GDAL) + pandas, vectorized. Prints {rule: findings} as JSON."""
import json
import sys

import numpy as np
import pandas as pd
import pyogrio

from common import ATTRIBUTE_RULES, CROPLAND, code_names


def main(folder):
    names = pd.Series(code_names())
    read = lambda layer, **kw: pyogrio.read_dataframe(
        "%s/%s.shp" % (folder, layer), encoding="GB18030", read_geometry=False, **kw)
    cjdcq = read("CJDCQ", columns=["ZLDWDM", "ZLDWMC"])
    t = read("DLTB")
    counts = {}
    text = lambda c: t[c].fillna("").astype(str).str.strip()
    dlbm, dlmc = text("DLBM"), text("DLMC")
    known = dlbm.isin(names.index)
    counts["DLTB.DLBM.code-unknown"] = int(((dlbm != "") & ~known).sum())
    counts["DLTB.DLMC.name-code-mismatch"] = int((known & (dlmc != dlbm.map(names))).sum())
    counts["DLTB.BSM.value-duplicated"] = int(t["BSM"].dropna().duplicated().sum())
    for field in ("ZLDWDM", "QSDWDM"):
        value = text(field)
        counts["DLTB.%s.pattern-mismatch" % field] = int(((value != "") & ~value.str.fullmatch(r"[0-9]{19}")).sum())
    num = lambda c: pd.to_numeric(t[c], errors="coerce")
    tbmj, kcxs, kcmj, tbdlmj = num("TBMJ"), num("KCXS"), num("KCMJ"), num("TBDLMJ")
    counts["DLTB.TBMJ.out-of-range"] = int((tbmj <= 0).sum())
    counts["DLTB.KCXS.out-of-range"] = int(((kcxs < 0) | (kcxs >= 1)).sum())
    counts["DLTB.QSXZ.value-missing"] = int((text("QSXZ") == "").sum())
    counts["DLTB.GDPDJB-required-for-cropland"] = int((dlbm.isin(CROPLAND) & (text("GDPDJB") == "")).sum())
    gap = (tbdlmj - (tbmj - kcmj.fillna(0))).abs()
    counts["DLTB.TBDLMJ-not-TBMJ-minus-KCMJ"] = int((gap > 0.01).sum())
    tbbh = text("TBBH")
    counts["DLTB.TBBH-not-digits"] = int(((tbbh != "") & ~tbbh.str.fullmatch(r"[0-9]{1,8}")).sum())
    village = cjdcq.drop_duplicates("ZLDWDM").set_index("ZLDWDM")["ZLDWMC"]
    expected = text("ZLDWDM").map(village)
    counts["DLTB.ZLDWMC-not-village-name"] = int((expected.notna() & (text("ZLDWMC") != expected)).sum())
    assert set(counts) == set(ATTRIBUTE_RULES)
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
