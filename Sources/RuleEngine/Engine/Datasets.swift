/// The layers of a submission that a standard describes, by name and by dataset.
///
/// A layer name may occur in several files: two boundary-coordinate TXT files each give a `属性描述`,
/// two folders each hold a `DLTB.shp`. Every instance is checked on its own. Rules across layers
/// (references, aggregates, uniqueness across layers, geometry comparisons) compare the instances of
/// one dataset (`Layer.dataset`: the file of a boundary TXT, the folder of a shapefile) with each
/// other, so the points of one coordinate file are judged against the header of the same file. When
/// no described layer name occurs twice, the submission is one dataset, whatever its folders.
struct Datasets {
    /// The dataset keys in order; a single empty key when the submission is one dataset.
    let keys: [String]
    /// The layer names of the standard, as it spells them.
    private let names: [String]
    /// The instances of described layers, by name (upper-cased), in file order.
    private let instances: [String: [any Layer]]
    private let split: Bool

    init(_ layers: [any Layer], described names: [String]) {
        self.names = names
        let wanted = Set(names.map { $0.uppercased() })
        var byName: [String: [any Layer]] = [:]
        for layer in layers where wanted.contains(layer.name.uppercased()) {
            byName[layer.name.uppercased(), default: []].append(layer)
        }
        for (name, found) in byName {
            byName[name] = found.sorted { $0.file < $1.file }
        }
        instances = byName
        split = byName.values.contains { $0.count > 1 }
        keys = split ? Set(byName.values.joined().map(\.dataset)).sorted() : [""]
    }

    /// Every instance of a layer of the standard (matched without regard to case), in file order.
    func instances(of name: String) -> [any Layer] {
        instances[name.uppercased()] ?? []
    }

    /// The position in `keys` of the dataset a described layer belongs to.
    func index(of layer: any Layer) -> Int {
        split ? keys.firstIndex(of: layer.dataset) ?? 0 : 0
    }

    /// The standard's layer names that have an instance in the dataset at `index`.
    func present(in index: Int) -> Set<String> {
        Set(
            names.filter { name in
                instances(of: name).contains { !split || $0.dataset == keys[index] }
            })
    }
}
