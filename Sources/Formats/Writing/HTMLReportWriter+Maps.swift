import Foundation
import RuleEngine

/// The report's maps: the overview and each finding's own map, inline SVG.
extension HTMLReportWriter {
    // MARK: Maps

    /// Pixel placement of ground coordinates in a map: x right, y down.
    struct Frame {
        var minX: Double
        var maxY: Double
        var scale: Double
        /// The map's size in pixels, for clipping; nil draws every vertex.
        var size: (width: Double, height: Double)? = nil
        func x(_ value: Double) -> String { r((value - minX) * scale) }
        func y(_ value: Double) -> String { r((maxY - value) * scale) }

        /// SVG path data of one part. With a `size`, the path is simplified to the map: vertices are
        /// rounded to a tenth of a pixel and repeats dropped, and a vertex is left out when it, the
        /// last vertex kept and the next one all lie beyond the same edge of the map (widened by a
        /// margin), which changes the drawing only outside the map. A county's village outline then
        /// costs a few vertices in a parcel's map, not thousands.
        func path(_ coordinates: [Double], closed: Bool) -> String {
            guard coordinates.count >= 4 else { return "" }
            let count = coordinates.count / 2
            var pixels: [(Double, Double)] = []
            pixels.reserveCapacity(count)
            for index in 0..<count {
                pixels.append(((coordinates[2 * index] - minX) * scale, (maxY - coordinates[2 * index + 1]) * scale))
            }
            guard let size else {
                var text = "M\(r(pixels[0].0)) \(r(pixels[0].1))"
                for pixel in pixels.dropFirst() { text += "L\(r(pixel.0)) \(r(pixel.1))" }
                return closed ? text + "Z" : text
            }
            let margin = 20.0
            func side(_ p: (Double, Double)) -> Int {
                var bits = 0
                if p.0 < -margin { bits |= 1 }
                if p.0 > size.width + margin { bits |= 2 }
                if p.1 < -margin { bits |= 4 }
                if p.1 > size.height + margin { bits |= 8 }
                return bits
            }
            func tenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }
            var kept: [(Double, Double)] = []
            for index in 0..<count {
                let point = (tenth(pixels[index].0), tenth(pixels[index].1))
                if let last = kept.last, last == point { continue }
                if let last = kept.last, index + 1 < count,
                    side(last) & side(point) & side(pixels[index + 1]) != 0
                {
                    continue
                }
                kept.append(point)
            }
            var text = "M\(r(kept[0].0)) \(r(kept[0].1))"
            for pixel in kept.dropFirst() { text += "L\(r(pixel.0)) \(r(pixel.1))" }
            return closed ? text + "Z" : text
        }
    }

    static func overview(_ report: ConformanceReport, geometry: ReportGeometry?) -> String {
        var parts = ["<section id=\"map\"><h2>问题位置总图 <span class=\"en\">Overview map</span></h2>"]
        // where each listed finding is drawn: its error geometry, else the middle of its feature
        let located: [(Int, Finding, (Double, Double))] = report.sample.enumerated().compactMap { index, finding in
            if let geometry = finding.geometry, let point = anchor(geometry) { return (index, finding, point) }
            if let own = ownFeature(finding, geometry: geometry) {
                return (index, finding, (own.envelope.centerX, own.envelope.centerY))
            }
            return nil
        }
        let extents = report.layers.compactMap(\.extent).filter { $0.count == 4 }
        guard let first = extents.first else {
            parts.append(
                "<p class=\"note\">没有可定位的问题 <span class=\"en\">no layer has shapes to map</span></p></section>")
            return parts.joined(separator: "\n")
        }
        let outlines = geometry?.outlines ?? []
        let extent =
            outlines.first?.extent
            ?? extents.dropFirst().reduce(first) {
                [min($0[0], $1[0]), min($0[1], $1[1]), max($0[2], $1[2]), max($0[3], $1[3])]
            }
        let spanX = max(extent[2] - extent[0], 1e-9)
        let spanY = max(extent[3] - extent[1], 1e-9)
        var scale = ReportGeometry.overviewWidth / spanX
        if spanY * scale > ReportGeometry.overviewWidth { scale = ReportGeometry.overviewWidth / spanY }
        let width = spanX * scale
        let height = spanY * scale
        let frame = Frame(minX: extent[0], maxY: extent[3], scale: scale)
        parts.append(
            "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"overview\" viewBox=\"-10 -10 \(r(width + 20)) \(r(height + 20))\" role=\"img\" aria-label=\"overview map\">"
        )
        parts.append("<rect x=\"0\" y=\"0\" width=\"\(r(width))\" height=\"\(r(height))\" class=\"extent\"/>")
        // larger layers underneath, the village and township outlines on top
        let drawOrder = outlines.enumerated().sorted { a, b in
            let ra = a.element.drawn + a.element.belowPixel + a.element.leftOut
            let rb = b.element.drawn + b.element.belowPixel + b.element.leftOut
            return ra != rb ? ra > rb : a.offset < b.offset
        }
        for (rank, item) in drawOrder.enumerated() {
            parts.append(
                "<path class=\"ol ol\(min(rank, 3))\" d=\"\(item.element.path)\"><title>\(e(item.element.layer))</title></path>"
            )
        }
        let order: [Severity] = [.info, .warning, .error]
        var dots = 0
        for severity in order {
            for (index, finding, point) in located where finding.severity == severity {
                guard dots < maxOverviewDots else { continue }
                dots += 1
                parts.append(
                    "<a href=\"#f-\(index + 1)\"><circle cx=\"\(frame.x(point.0))\" cy=\"\(frame.y(point.1))\" r=\"5\" class=\"sev-\(severity.rawValue)\"><title>\(e(finding.location.description)) \(e(finding.keyText ?? "")): \(e(finding.message.zh)) / \(e(finding.message.en)) [\(e(finding.rule))]</title></circle></a>"
                )
            }
        }
        parts.append(northArrow(x: width - 18, y: 4))
        parts.append(scaleBar(width: width, height: height, scale: scale, geographic: isGeographic(extent)))
        parts.append("</svg>")
        // legend
        var legend = ["<figcaption><div class=\"legend\">"]
        for severity in Severity.allCases {
            legend.append(
                "<span><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\"><circle cx=\"7\" cy=\"7\" r=\"5\" class=\"sev-\(severity.rawValue)\"/></svg> \(severity.rawValue)</span>"
            )
        }
        for (rank, item) in drawOrder.enumerated() {
            legend.append(
                "<span><svg width=\"22\" height=\"14\" viewBox=\"0 0 22 14\"><path class=\"ol ol\(min(rank, 3))\" d=\"M1 7H21\"/></svg> \(e(item.element.layer))</span>"
            )
        }
        legend.append("</div>")
        legend.append(
            "\(dots) 个问题位置，点击跳转到问题 <span class=\"en\">located findings; click one to go to it</span>. 范围 <span class=\"en\">extent</span> \(extent.map { r($0) }.joined(separator: ", "))"
        )
        for outline in outlines {
            var said =
                "<br>\(e(outline.layer)) (\(e(outline.file))): \(outline.drawn) 个轮廓 <span class=\"en\">outlines drawn</span>"
            if outline.belowPixel > 0 {
                said += ", \(outline.belowPixel) 个小于一个像素未画 <span class=\"en\">smaller than a pixel, not drawn</span>"
            }
            if outline.leftOut > 0 {
                said +=
                    ", \(outline.leftOut) 个未画：该图层超出总图轮廓容量（\(ReportGeometry.outlineByteBudget) 字节） <span class=\"en\">not drawn: the layer does not fit in the overview's outline budget of \(ReportGeometry.outlineByteBudget) bytes</span>"
            }
            legend.append(said)
        }
        if located.count > dots {
            legend.append(
                "<br>仅画出前 \(maxOverviewDots) 个问题 <span class=\"en\">only the first \(maxOverviewDots) findings are drawn</span>"
            )
        }
        legend.append("</figcaption></figure>")
        parts.append(legend.joined(separator: "\n"))
        if located.isEmpty {
            parts.append("<p class=\"note\">没有可定位的问题 <span class=\"en\">no finding has a place on the map</span></p>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    /// The feature a finding is on, when the context has its shape.
    static func ownFeature(_ finding: Finding, geometry: ReportGeometry?) -> ReportGeometry.Feature? {
        guard let geometry, let record = finding.location.record else { return nil }
        func stem(_ path: String) -> String { (path as NSString).deletingPathExtension }
        return (geometry.near[finding.fingerprint] ?? []).lazy.map { geometry.features[$0] }.first {
            stem($0.file) == stem(finding.location.file) && $0.record == record
        }
    }

    /// Findings drawn on the overview at most.
    static let maxOverviewDots = 5000

    /// The point a finding is drawn at on the overview: a point itself, else the middle of its box.
    static func anchor(_ geometry: ErrorGeometry) -> (Double, Double)? {
        if case .point(let x, let y) = geometry { return (x, y) }
        let points = geometry.points
        guard let xs = points.map({ $0[0] }).min(), let xe = points.map({ $0[0] }).max(),
            let ys = points.map({ $0[1] }).min(), let ye = points.map({ $0[1] }).max()
        else { return nil }
        return ((xs + xe) / 2, (ys + ye) / 2)
    }

    static func isGeographic(_ extent: [Double]) -> Bool {
        extent.allSatisfy { abs($0) <= 360 }
    }

    static func northArrow(x: Double, y: Double) -> String {
        "<g class=\"north\" transform=\"translate(\(r(x)) \(r(y)))\"><path d=\"M7 0L13 16L7 12L1 16Z\"/><text x=\"7\" y=\"26\" text-anchor=\"middle\">N</text></g>"
    }

    /// A scale bar of a round length (1, 2 or 5 × 10ⁿ) near a quarter of the map's width, bottom left.
    static func scaleBar(width: Double, height: Double, scale: Double, geographic: Bool) -> String {
        let target = width / 4 / scale
        let power = pow(10, (log10(target)).rounded(.down))
        let length = [5.0, 2, 1].map { $0 * power }.first { $0 <= target } ?? power
        let pixels = length * scale
        let unit: String
        if geographic {
            unit = "\(r(length))°"
        } else if length >= 1000 {
            unit = "\(r(length / 1000)) km"
        } else {
            unit = "\(r(length)) m"
        }
        let y = height - 6
        return
            "<g class=\"scale\"><path d=\"M4 \(r(y - 4))V\(r(y))H\(r(4 + pixels))V\(r(y - 4))\"/><text x=\"\(r(4 + pixels + 4))\" y=\"\(r(y))\">\(unit)</text></g>"
    }

    /// The small map of one finding: its feature, the neighbours, the error geometry.
    ///
    /// Features of the finding's own layer are its neighbours (thin grey); of a layer with fewer
    /// features (the villages, the township around a parcel) the context (dashed brown); of the next
    /// layer with more (the villages of a township, the parcels of a village: what an aggregate sums)
    /// the involved features (thin blue); of layers finer still the detail (faint grey). The features the
    /// finding itself names (`Finding.related`: the village a parcel lies in, the parcels a village's
    /// total sums, the target of a reference) are drawn dashed orange over them all, each with its
    /// layer and BSM on hover, the map framed to show them, and a legend line says how many (and how
    /// many more the finding counts without listing).
    ///
    /// The report and the service's submission view both draw a finding with this function.
    static func findingMap(_ finding: Finding, geometry: ReportGeometry?, records: [String: Int]) -> String {
        let features = (geometry?.near[finding.fingerprint] ?? []).map { geometry!.features[$0] }
        let own = ownFeature(finding, geometry: geometry)
        let error = finding.geometry
        let related = (finding.related ?? []).filter { $0.geometry != nil }
        guard error != nil || own != nil || !related.isEmpty else { return "" }
        let points = (error?.points ?? []) + related.flatMap { $0.geometry!.points }
        var box = Envelope(
            minX: points.map { $0[0] }.min() ?? .infinity, minY: points.map { $0[1] }.min() ?? .infinity,
            maxX: points.map { $0[0] }.max() ?? -.infinity, maxY: points.map { $0[1] }.max() ?? -.infinity)
        if let own {
            box = Envelope(
                minX: min(box.minX, own.envelope.minX), minY: min(box.minY, own.envelope.minY),
                maxX: max(box.maxX, own.envelope.maxX), maxY: max(box.maxY, own.envelope.maxY))
        }
        let size = max(box.maxX - box.minX, box.maxY - box.minY, isGeographic([box.minX, box.minY]) ? 1e-4 : 10)
        let margin = size * 0.25
        let (width, height) = (260.0, 190.0)
        let groundWidth = max(box.maxX - box.minX + 2 * margin, (box.maxY - box.minY + 2 * margin) * width / height)
        let scale = width / groundWidth
        let frame = Frame(
            minX: box.centerX - width / 2 / scale, maxY: box.centerY + height / 2 / scale, scale: scale,
            size: (width, height))
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fmap\" viewBox=\"0 0 \(r(width)) \(r(height))\" role=\"img\" aria-label=\"finding map\">",
            "<rect width=\"\(r(width))\" height=\"\(r(height))\" class=\"bg\"/>",
        ]
        let findingLayer = finding.location.layer
        // other layers (villages, townships) first, then the neighbours, then the feature
        let ownCount = records[findingLayer ?? ""] ?? 0
        // the next finer layer holds the features an aggregate is made of (the villages of a township,
        // the parcels of a village): drawn as involved; finer still, faint detail; coarser, context
        let involved = Set(features.map(\.layer)).filter { (records[$0] ?? 0) > ownCount }
            .min { ((records[$0] ?? 0), $0) < ((records[$1] ?? 0), $1) }
        func kind(_ feature: ReportGeometry.Feature) -> String {
            if feature.layer == findingLayer { return "nb" }
            if feature.layer == involved { return "inv" }
            return (records[feature.layer] ?? 0) > ownCount ? "detail" : "ctx"
        }
        let rank = ["detail": 0, "inv": 1, "ctx": 2, "nb": 3]
        let ordered = features.filter { $0 != own }.enumerated().sorted { a, b in
            let (ra, rb) = (rank[kind(a.element)]!, rank[kind(b.element)]!)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        // the feature's fill first, under everything; its outline last, over everything
        let ownPath =
            own.map { own in
                own.parts.map { frame.path($0, closed: own.kind == .polygon || own.kind == .multipatch) }.joined()
            } ?? ""
        if own != nil { parts.append("<path class=\"own-fill\" d=\"\(ownPath)\"/>") }
        for feature in ordered {
            let closed = feature.kind == .polygon || feature.kind == .multipatch
            let d = feature.parts.map { frame.path($0, closed: closed) }.joined()
            let kind = kind(feature)
            parts.append(
                "<path class=\"\(kind)\" d=\"\(d)\"><title>\(e(feature.layer)) \(feature.key.map { "BSM \(e($0))" } ?? "#\(feature.record)")</title></path>"
            )
        }
        for feature in related {
            let d: String
            switch feature.geometry! {
            case .point(let x, let y):
                d = "M\(frame.x(x)) \(frame.y(y))m-4 0a4 4 0 1 0 8 0a4 4 0 1 0 -8 0"
            case .lineString(let line): d = frame.path(line.flatMap { $0 }, closed: false)
            case .polygon(let rings): d = rings.map { frame.path($0.flatMap { $0 }, closed: true) }.joined()
            case .multiPolygon(let polygons):
                d = polygons.flatMap { $0 }.map { frame.path($0.flatMap { $0 }, closed: true) }.joined()
            }
            parts.append(
                "<path class=\"rel\" d=\"\(d)\"><title>\(e(feature.layer)) \(feature.key.map { "\(e($0.field)) \(e($0.value))" } ?? "#\(feature.record)") (\(roleName(feature.role)))</title></path>"
            )
        }
        if let own {
            parts.append(
                "<path class=\"own\" d=\"\(ownPath)\"><title>\(e(own.layer)) \(own.key.map { "BSM \(e($0))" } ?? "#\(own.record)")</title></path>"
            )
        }
        switch error {
        case nil: break
        case .point(let x, let y):
            parts.append("<circle class=\"err-pt\" cx=\"\(frame.x(x))\" cy=\"\(frame.y(y))\" r=\"6\"/>")
        case .lineString(let line):
            parts.append("<path class=\"err-ln\" d=\"\(frame.path(line.flatMap { $0 }, closed: false))\"/>")
        case .polygon(let rings):
            parts.append(
                "<path class=\"err\" d=\"\(rings.map { frame.path($0.flatMap { $0 }, closed: true) }.joined())\"/>")
        case .multiPolygon(let polygons):
            parts.append(
                "<path class=\"err\" d=\"\(polygons.flatMap { $0 }.map { frame.path($0.flatMap { $0 }, closed: true) }.joined())\"/>"
            )
        }
        // an error that covers a few pixels at most (a sliver, a thin overlap or gap along an edge)
        // gets a ring around its middle, so that it is seen
        let rings: [[[Double]]]
        switch error {
        case nil, .point, .lineString: rings = []
        case .polygon(let polygon): rings = polygon
        case .multiPolygon(let polygons): rings = polygons.flatMap { $0 }
        }
        if !rings.isEmpty, let error, let center = anchor(error) {
            var area = 0.0
            for ring in rings where ring.count > 2 {
                var twice = 0.0
                for index in ring.indices {
                    let next = ring[(index + 1) % ring.count]
                    twice += ring[index][0] * next[1] - next[0] * ring[index][1]
                }
                area += abs(twice) / 2
            }
            if area * scale * scale < 40 {
                parts.append(
                    "<circle class=\"err-pt\" cx=\"\(frame.x(center.0))\" cy=\"\(frame.y(center.1))\" r=\"9\"/>")
            }
        }
        parts.append(northArrow(x: width - 18, y: 4))
        parts.append(
            scaleBar(width: width, height: height, scale: scale, geographic: isGeographic([box.minX, box.minY])))
        parts.append("</svg>")
        if let listed = finding.related, !listed.isEmpty {
            let roles = Set(listed.map(\.role)).sorted { $0.rawValue < $1.rawValue }.map(roleName)
            var legend =
                "<p class=\"flegend\"><svg width=\"22\" height=\"12\" viewBox=\"0 0 22 12\"><path class=\"rel\" d=\"M1 2H21V10H1Z\"/></svg> 相关要素 <span class=\"en\">related features</span> (\(roles.joined(separator: ", "))): \(listed.count)"
            if let more = finding.relatedMore, more > 0 {
                legend += "，另有 \(more) 个未列出 <span class=\"en\">and \(more) more not listed</span>"
            }
            if related.count < listed.count {
                legend +=
                    "；\(listed.count - related.count) 个未画 <span class=\"en\">\(listed.count - related.count) not drawn (no outline kept)</span>"
            }
            parts.append(legend + "</p>")
        }
        return parts.joined()
    }

    /// How a related feature is involved, in both languages.
    static func roleName(_ role: RelatedFeature.Role) -> String {
        switch role {
        case .target: "被引用要素 target"
        case .container: "所在要素 container"
        case .part: "汇总明细 part"
        case .firstUse: "首次使用 first use"
        }
    }

    // MARK: Findings, rules, manifest
}
