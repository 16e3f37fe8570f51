import Foundation
import RuleEngine

/// The page's stylesheet and script, and the number format of its SVG.
extension HTMLReportWriter {
    /// A number with at most two decimals, for SVG coordinates and extents.
    /// NaN and infinities (a shape the readers flagged) are 0, so the SVG stays valid.
    static func r(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : "\(rounded)"
    }

    /// A CSS string literal: quotes, backslashes and markup escaped.
    static func cssString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "&": out += "\\" + String(scalar.value, radix: 16) + " "
            case _ where scalar.value < 0x20: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The printed page: A4, the report's title and subject at the top, page numbers at the bottom.
    static func pageStyle(_ report: ConformanceReport, standard: String) -> String {
        """
        @page{size:A4;margin:16mm 12mm 16mm 12mm;
        @top-left{content:\(cssString("数据质量检查报告 Data quality inspection report"));font-size:8pt;color:#555}
        @top-right{content:\(cssString(report.input.path + " · " + standard));font-size:8pt;color:#555}
        @bottom-center{content:"第 " counter(page) " 页 / 共 " counter(pages) " 页 · page " counter(page) " of " counter(pages);font-size:8pt;color:#555}}
        """
    }

    /// The maps' part of the stylesheet: the finding maps and the overview (also served with the
    /// service's submission view, which draws the same maps).
    public static let mapStyle = """
        .sev-error{color:#b3261e;fill:#d93025}.sev-warning{color:#8a5a00;fill:#f29900}.sev-info{color:#1a5fb4;fill:#1a73e8}
        circle{stroke:#fff;stroke-width:1.5;fill-opacity:.9}.extent{fill:#f7f7f2;stroke:#888}
        .ol{fill:none;stroke-linejoin:round}.ol0{stroke:#b8b8b8;stroke-width:.4}.ol1{stroke:#7a5c2e;stroke-width:1.2;stroke-dasharray:4 2}
        .ol2,.ol3{stroke:#222;stroke-width:1.6}
        .fmap .bg{fill:#fafaf6}.nb{fill:none;stroke:#8c8c8c;stroke-width:.7}.detail{fill:none;stroke:#c4c4c4;stroke-width:.5}.inv{fill:none;stroke:#5b7fa8;stroke-width:.9}.ctx{fill:none;stroke:#7a5c2e;stroke-width:1.4;stroke-dasharray:5 3}
        .own-fill{fill:#dce8f7;stroke:none}.own{fill:none;stroke:#1a4f9c;stroke-width:1.6}.err{fill:#d93025;fill-opacity:.55;stroke:#b3261e;stroke-width:2.5;stroke-linejoin:round}
        .err-ln{fill:none;stroke:#d93025;stroke-width:3}.err-pt{fill:none;stroke:#d93025;stroke-width:2.5}
        .rel{fill:#f29900;fill-opacity:.12;stroke:#c25e00;stroke-width:1.8;stroke-dasharray:6 2}
        .nb:hover,.ctx:hover,.detail:hover,.inv:hover,.rel:hover{stroke:#000;stroke-width:2}.north path{fill:#333}.north text,.scale text{font-size:10px;fill:#333}
        .scale path{fill:none;stroke:#333;stroke-width:1.5}
        .fmap{width:100%;display:block;margin-top:.2em;border:1px solid #eee}
        .flegend{font-size:.85em;color:#555}.flegend svg{vertical-align:middle}
        """

    static let style = """
        body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222;line-height:1.4}
        h1{font-size:1.6em;margin:.2em 0 .6em;text-align:center}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.5em}h3{font-size:1em}
        h4{font-size:.95em;margin:.8em 0 .2em}.clause{margin:0 0 .3em;color:#555;font-size:.85em}
        .en{color:#555;font-size:.92em}table{border-collapse:collapse;margin:.5em 0;width:100%;font-size:.9em}
        th,td{border:1px solid #ccc;padding:.2em .4em;text-align:left;vertical-align:top}th{background:#f0f0f0}
        td.n{text-align:right}code{font-size:.9em;word-break:break-all}.kv th{width:14em}.blank{color:#999}
        table.sign td{height:3.5em;vertical-align:bottom;color:#555;width:33%}
        .verdict{font-size:1.3em;font-weight:bold;padding:.4em .6em;border-radius:4px}
        .verdict.pass{background:#e3f5e1;color:#1d5e17}.verdict.fail{background:#fbe3e1;color:#8a1c12}.verdict.unchecked{background:#fff1c9;color:#6b4a00}
        \(mapStyle)
        tr.st-failed td:last-child,tr.st-error td:last-child{color:#b3261e;font-weight:bold}
        .tag{border:1px solid #999;border-radius:3px;padding:0 .2em;font-size:.8em}.filters{margin:.5em 0}
        figure{margin:0}svg.overview{width:100%;max-width:50em;border:1px solid #ddd}.legend span{margin-right:1em;white-space:nowrap}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17em,1fr));gap:.5em}
        .finding{border:1px solid #ddd;border-radius:3px;padding:.3em;font-size:.85em}.finding p{margin:.1em 0}
        .finding:target{outline:3px solid #f29900}
        details summary{cursor:pointer}details summary h2{display:inline}footer{margin-top:2em;color:#777;font-size:.8em}
        @media print{body{margin:0;font-size:8pt}.filters{display:none}#cover{break-after:page}h1{margin-top:25mm}
        .finding,tr,figure{break-inside:avoid}.flow{columns:4;column-gap:2mm}.cards{display:block}.rule h4{break-inside:avoid}
        .finding{font-size:7pt;padding:1mm;margin-bottom:1.5mm}
        .finding .en{font-size:6.5pt}.clause{font-size:7pt}h2{margin-top:4mm}h3{margin:3mm 0 1mm}h4{margin:2mm 0 .5mm}
        table{font-size:7.5pt}svg.overview{max-height:130mm;width:auto;max-width:100%}h2,h3,h4{break-after:avoid}a{color:inherit}}
        """

    static let script = """
        (function(){var s=document.getElementById('f-severity'),r=document.getElementById('f-rule'),t=document.getElementById('f-text'),
        c=document.getElementById('f-count'),rows=document.querySelectorAll('#findings .finding');
        function apply(){var n=0,q=t.value.toLowerCase();rows.forEach(function(row){var ok=(!s.value||row.dataset.severity===s.value)&&
        (!r.value||row.dataset.rule===r.value)&&(!q||row.textContent.toLowerCase().indexOf(q)>=0);row.style.display=ok?'':'none';if(ok)n++;});
        c.textContent=n+' / '+rows.length;}s.onchange=apply;r.onchange=apply;t.oninput=apply;apply();})();
        """
}
