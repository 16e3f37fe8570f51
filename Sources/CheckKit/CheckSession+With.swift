import Formats
import Foundation
import RuleEngine

extension CheckSession {
    /// The id an `--with` names (`gtdc` of `gtdc@2020`).
    static func otherID(_ standard: String) -> String {
        standard.split(separator: "@", maxSplits: 1).first.map(String.init) ?? standard
    }

    /// Opens the datasets of other standards given with `--with id@version=PATH`, each with that
    /// standard's field tables and member declarations, by the standard's id. A standard the pack does
    /// not declare in `with:` (or another version of it), or one given twice, is a usage error; a path
    /// that cannot be read at all becomes a `dataset-unreadable` finding of that dataset (the run is then
    /// NOT CHECKED), so the submission is still checked.
    static func otherDatasets(
        _ request: CheckRequest, standard: Standard, say: (CheckDiagnostic) -> Void
    ) throws(CheckSessionError) -> [String: Submission] {
        var datasets: [String: Submission] = [:]
        for (given, path) in request.with {
            let id = otherID(given)
            guard let other = standard.other(id), given == id || given == other.reference else {
                let takes = standard.with.map(\.reference)
                throw .usage(
                    "--with \(given): \(standard.reference) compares with "
                        + (takes.isEmpty ? "no other standard's dataset" : takes.joined(separator: ", ")))
            }
            guard datasets[id] == nil else { throw .usage("--with \(other.reference) is given twice") }
            do {
                datasets[id] = try SubmissionReader.open(
                    path, displayPath: displayPath(path), hashing: false, tableEncoding: request.tableEncoding,
                    tables: other.layers, schemas: [], members: other.members)
            } catch {
                say(.notice("stdcheck: --with \(other.reference): \(error.description)"))
                let finding = FormatFinding(
                    .datasetUnreadable, at: Location(file: "."),
                    ["reason": "--with \(other.reference)=\(displayPath(path)): \(error.description)"])
                datasets[id] = Submission(path: path, files: [], layers: [], findings: [finding])
            }
        }
        return datasets
    }
}
