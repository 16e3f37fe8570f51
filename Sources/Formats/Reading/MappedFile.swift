import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Data {
    /// A file's bytes, memory-mapped read-only: readers bound every read by this real size, never by a header.
    ///
    /// The mapping is StdCheck's own (`mmap`), so `releaseMappedPages` may hand pages already read back to
    /// the kernel: a streaming pass over a 1 GiB table then keeps only the pages it is reading resident.
    /// An empty file gives empty data (nothing to map).
    static func mapped(_ path: String) throws -> Data {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let size = Int(status.st_size)
        if size == 0 { return Data() }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOMEM)
        }
        return Data(bytesNoCopy: base, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }

    /// Tells the kernel that the whole pages inside `range` will not be read again soon, so they stop
    /// counting against the process. Only for data from `mapped(_:)`: on ordinary memory this would
    /// discard the bytes, so callers say which they hold.
    func releaseMappedPages(_ range: Range<Int>) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        withUnsafeBytes { raw in
            guard let base = raw.baseAddress, range.lowerBound >= 0, range.upperBound <= raw.count else { return }
            let start = (Int(bitPattern: base) + range.lowerBound + page - 1) / page * page
            let end = (Int(bitPattern: base) + range.upperBound) / page * page
            guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
            madvise(pointer, end - start, Int32(MADV_DONTNEED))
        }
    }
}
