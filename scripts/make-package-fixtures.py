#!/usr/bin/env python3
"""Writes the fixtures of issue #6 (exchange packages: several instances of a layer, member readers).

    python3 scripts/make-package-fixtures.py

Deterministic: the same bytes on every run (fixed zip dates, sorted members). Writes

- fixtures/package/330106-two-files.zip: a 报批 package with two boundary-coordinate TXT files, the
  second in another zone and with defects that only a per-file check finds;
- fixtures/package/members/: members that the sniffing would read otherwise than a pack's `members:`
  declaration (fixtures/packs/members/1/pack.yaml) routes them;
- fixtures/subfolders/: two folders each holding a DLTB shapefile, copied from fixtures/geometry.

The contents and their defects are listed in fixtures/package/README.md and fixtures/subfolders/README.md.
"""

import os
import shutil
import zipfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
FIXTURES = os.path.join(ROOT, "fixtures")


def header(zone):
    """The [属性描述] section of a CGCS2000 3-degree file in `zone`."""
    return [
        "[属性描述]",
        "格式版本号=1.01版本",
        "数据产生单位=示例市自然资源局",
        "数据产生日期=2023-5-8",
        "坐标系=2000国家大地坐标系",
        "几度分带=3",
        "投影类型=高斯克吕格",
        "计量单位=米",
        f"带号={zone}",
        "精度=0.01",
        "转换参数=,,,,,,",
        "[地块坐标]",
    ]


def coordinate_file(lines):
    """GBK (GB18030) with CRLF line ends, as the files are usually delivered."""
    return ("\r\n".join(lines) + "\r\n").encode("gb18030")


# Zone 39: the valid sample of fixtures/boundary-txt/bpzb-valid.txt (two parcels, the first with a hole).
FIRST = coordinate_file(
    header(39)
    + [
        "10,0.6500,1,示例地块一,面,H50G073039,,,@",
        "J1,1,3537500.000,39460300.000",
        "J2,1,3537500.000,39460400.000",
        "J3,1,3537434.000,39460400.000",
        "J4,1,3537434.000,39460300.000",
        "J1,1,3537500.000,39460300.000",
        "K1,2,3537480.000,39460320.000",
        "K2,2,3537470.000,39460320.000",
        "K3,2,3537470.000,39460330.000",
        "K4,2,3537480.000,39460330.000",
        "K1,2,3537480.000,39460320.000",
        "5,0.2000,2,示例地块二,面,H50G073039,,,@",
        "J1,1,3537400.000,39460300.000",
        "J2,1,3537400.000,39460350.000",
        "J3,1,3537360.000,39460350.000",
        "J4,1,3537360.000,39460300.000",
        "J1,1,3537400.000,39460300.000",
    ]
)

# Zone 40, near 119.58°E: parcel 1 is sound; point J2 of parcel 2 carries zone 39 in its Y, which
# exists in the first file's header but not in this file's (so only a per-file check catches it),
# and drags the ring 1000 km west (so the declared 0.2000 ha differs from the rings' area).
SECOND = coordinate_file(
    header(40)
    + [
        "5,0.2000,1,示例地块三,面,H50G073040,,,@",
        "J1,1,3537400.000,40460300.000",
        "J2,1,3537400.000,40460350.000",
        "J3,1,3537360.000,40460350.000",
        "J4,1,3537360.000,40460300.000",
        "J1,1,3537400.000,40460300.000",
        "5,0.2000,2,示例地块四,面,H50G073040,,,@",
        "J1,1,3537300.000,40460300.000",
        "J2,1,3537300.000,39460350.000",
        "J3,1,3537260.000,40460350.000",
        "J4,1,3537260.000,40460300.000",
        "J1,1,3537300.000,40460300.000",
    ]
)

# ISO 19139 metadata describing the first file: zone 39 (EPSG:4527), four parcels in the package,
# titled after the first file, a box around the first file's points only.
METADATA = """<?xml version="1.0" encoding="UTF-8"?>
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
  <gmd:fileIdentifier><gco:CharacterString>330106-bp-2023-002</gco:CharacterString></gmd:fileIdentifier>
  <gmd:language><gco:CharacterString>chi</gco:CharacterString></gmd:language>
  <gmd:contact>
    <gmd:CI_ResponsibleParty>
      <gmd:organisationName><gco:CharacterString>示例市自然资源局</gco:CharacterString></gmd:organisationName>
      <gmd:role><gmd:CI_RoleCode codeList="http://www.isotc211.org/2005/resources/codeList.xml#CI_RoleCode" codeListValue="pointOfContact"/></gmd:role>
    </gmd:CI_ResponsibleParty>
  </gmd:contact>
  <gmd:dateStamp><gco:Date>2023-05-08</gco:Date></gmd:dateStamp>
  <gmd:spatialRepresentationInfo>
    <gmd:MD_VectorSpatialRepresentation>
      <gmd:geometricObjects>
        <gmd:MD_GeometricObjects>
          <gmd:geometricObjectType><gmd:MD_GeometricObjectTypeCode codeList="http://www.isotc211.org/2005/resources/codeList.xml#MD_GeometricObjectTypeCode" codeListValue="surface"/></gmd:geometricObjectType>
          <gmd:geometricObjectCount><gco:Integer>4</gco:Integer></gmd:geometricObjectCount>
        </gmd:MD_GeometricObjects>
      </gmd:geometricObjects>
    </gmd:MD_VectorSpatialRepresentation>
  </gmd:spatialRepresentationInfo>
  <gmd:referenceSystemInfo>
    <gmd:MD_ReferenceSystem>
      <gmd:referenceSystemIdentifier>
        <gmd:RS_Identifier>
          <gmd:code><gco:CharacterString>EPSG:4527</gco:CharacterString></gmd:code>
        </gmd:RS_Identifier>
      </gmd:referenceSystemIdentifier>
    </gmd:MD_ReferenceSystem>
  </gmd:referenceSystemInfo>
  <gmd:identificationInfo>
    <gmd:MD_DataIdentification>
      <gmd:citation>
        <gmd:CI_Citation>
          <gmd:title><gco:CharacterString>330106-bp-1</gco:CharacterString></gmd:title>
          <gmd:date>
            <gmd:CI_Date>
              <gmd:date><gco:Date>2023-05-08</gco:Date></gmd:date>
              <gmd:dateType><gmd:CI_DateTypeCode codeList="http://www.isotc211.org/2005/resources/codeList.xml#CI_DateTypeCode" codeListValue="creation"/></gmd:dateType>
            </gmd:CI_Date>
          </gmd:date>
        </gmd:CI_Citation>
      </gmd:citation>
      <gmd:abstract><gco:CharacterString>建设用地报批界址坐标（示例，两个坐标文件）</gco:CharacterString></gmd:abstract>
      <gmd:language><gco:CharacterString>chi</gco:CharacterString></gmd:language>
      <gmd:extent>
        <gmd:EX_Extent>
          <gmd:geographicElement>
            <gmd:EX_GeographicBoundingBox>
              <gmd:westBoundLongitude><gco:Decimal>116.58</gco:Decimal></gmd:westBoundLongitude>
              <gmd:eastBoundLongitude><gco:Decimal>116.59</gco:Decimal></gmd:eastBoundLongitude>
              <gmd:southBoundLatitude><gco:Decimal>31.95</gco:Decimal></gmd:southBoundLatitude>
              <gmd:northBoundLatitude><gco:Decimal>31.97</gco:Decimal></gmd:northBoundLatitude>
            </gmd:EX_GeographicBoundingBox>
          </gmd:geographicElement>
        </gmd:EX_Extent>
      </gmd:extent>
    </gmd:MD_DataIdentification>
  </gmd:identificationInfo>
</gmd:MD_Metadata>
""".encode("utf-8")

# Not a PDF reader's business: a pack declares *.pdf `none`, so it is listed and digested only.
COVER = b"%PDF-1.4\n% cover letter placeholder written for StdCheck\n%%EOF\n"


def write_zip(path, members):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(2023, 5, 8, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name])


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)


def main():
    write_zip(
        os.path.join(FIXTURES, "package", "330106-two-files.zip"),
        {
            "330106-bp-1.txt": FIRST,
            "330106-bp-2.txt": SECOND,
            "330106-metadata.xml": METADATA,
            "330106-cover.pdf": COVER,
        },
    )

    members = os.path.join(FIXTURES, "package", "members")
    # a coordinate file under an extension the sniffing does not look at
    write(os.path.join(members, "330106-bp.dat"), FIRST)
    # a note that is no coordinate file: skipped by the sniffing, reported when declared boundary-txt
    write(os.path.join(members, "330106-notes.txt"), "sent by mail, see the cover letter\r\n".encode("gb18030"))
    # not well-formed: a finding when read as XML, nothing when declared `none`
    write(os.path.join(members, "330106-draft.xml"), b"<?xml version='1.0'?>\n<draft>\n  <unclosed>\n</draft>\n")

    subfolders = os.path.join(FIXTURES, "subfolders")
    for folder, source in (("a", "outside-village"), ("b", "overlap-pair")):
        shutil.rmtree(os.path.join(subfolders, folder), ignore_errors=True)
        origin = os.path.join(FIXTURES, "geometry", source)
        for name in sorted(os.listdir(origin)):
            write(os.path.join(subfolders, folder, name), open(os.path.join(origin, name), "rb").read())


if __name__ == "__main__":
    main()
