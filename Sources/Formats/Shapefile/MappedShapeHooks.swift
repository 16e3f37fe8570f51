import CShapelib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// shapelib's file access (`SAHooks`) served from a read-only memory map instead of stdio: a shape is
/// then one copy out of the page cache, with no `lseek` and `read` system calls per record (stdio's
/// `fseek` drops its buffer and seeks on every call, and the comparing rules read every shape again).
///
/// The bytes were vetted by `ShapefileStructure` before shapelib is given the file, so reading them
/// from the map is as safe as reading them through stdio. The pages mapped are handed back to the kernel
/// once about `releaseInterval` bytes may have been mapped, so a pass over a large `.shp`, in file order
/// or in any other (a comparison reads shapes in the order of space), keeps only a window resident.
/// Opening for writing is refused (StdCheck never writes through shapelib).
enum MappedShapeHooks {
    /// Bytes that may have been mapped between two hand-backs of the mapped pages.
    static let releaseInterval = 8 << 20
    /// The kernel maps a file's pages on a fault by aligned blocks of this size ("fault-around"): a read in
    /// a block not read before counts as the whole block.
    static let faultBlock = 1 << 16

    /// One open file: its mapping and the read position.
    struct OpenFile {
        var base: UnsafeMutableRawPointer?
        var size: Int
        var position: Int
        /// The bytes that may have been mapped since the last hand-back.
        var mappedSinceRelease: Int
        /// The fault block of the last read.
        var lastBlock: Int
    }

    static func file(_ handle: SAFile?) -> UnsafeMutablePointer<OpenFile>? {
        handle.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: OpenFile.self) }
    }

    /// The hooks, with shapelib's messages dropped (its failures become findings instead).
    static func make() -> SAHooks {
        var hooks = SAHooks()
        SASetupDefaultHooks(&hooks)
        hooks.Error = { _ in }
        hooks.FOpen = { path, access in
            guard let path, let access, strchr(access, Int32(UInt8(ascii: "w"))) == nil,
                strchr(access, Int32(UInt8(ascii: "+"))) == nil, strchr(access, Int32(UInt8(ascii: "a"))) == nil
            else { return nil }
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
            let size = Int(status.st_size)
            var base: UnsafeMutableRawPointer?
            if size > 0 {
                guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED
                else { return nil }
                base = mapped
            }
            let file = UnsafeMutablePointer<OpenFile>.allocate(capacity: 1)
            file.initialize(
                to: OpenFile(base: base, size: size, position: 0, mappedSinceRelease: 0, lastBlock: -1))
            return UnsafeMutableRawPointer(file).assumingMemoryBound(to: Int32.self)
        }
        hooks.FRead = { destination, size, count, handle in
            guard let file = MappedShapeHooks.file(handle), let destination, size > 0 else { return 0 }
            let available = max(0, file.pointee.size - file.pointee.position)
            let items = min(Int(count), available / Int(size))
            guard items > 0, let base = file.pointee.base else { return 0 }
            let bytes = items * Int(size)
            memcpy(destination, base + file.pointee.position, bytes)
            let block = MappedShapeHooks.faultBlock
            let first = file.pointee.position / block
            let last = (file.pointee.position + bytes - 1) / block
            file.pointee.mappedSinceRelease += (last - first + (first == file.pointee.lastBlock ? 0 : 1)) * block
            file.pointee.lastBlock = last
            file.pointee.position += bytes
            if file.pointee.mappedSinceRelease >= MappedShapeHooks.releaseInterval {
                // the page cache keeps the bytes; only this process's mapping of them is dropped
                madvise(base, file.pointee.size, Int32(MADV_DONTNEED))
                file.pointee.mappedSinceRelease = 0
                file.pointee.lastBlock = -1
            }
            return SAOffset(items)
        }
        hooks.FWrite = { _, _, _, _ in 0 }
        hooks.FSeek = { handle, offset, whence in
            guard let file = MappedShapeHooks.file(handle) else { return SAOffset(bitPattern: -1) }
            let delta = Int(bitPattern: UInt(offset))
            let target: Int
            switch whence {
            case SEEK_SET: target = delta
            case SEEK_CUR: target = file.pointee.position + delta
            case SEEK_END: target = file.pointee.size + delta
            default: return SAOffset(bitPattern: -1)
            }
            guard target >= 0 else { return SAOffset(bitPattern: -1) }
            file.pointee.position = target
            return 0
        }
        hooks.FTell = { handle in SAOffset(MappedShapeHooks.file(handle)?.pointee.position ?? 0) }
        hooks.FFlush = { _ in 0 }
        hooks.FClose = { handle in
            guard let file = MappedShapeHooks.file(handle) else { return -1 }
            if let base = file.pointee.base { munmap(base, file.pointee.size) }
            file.deinitialize(count: 1)
            file.deallocate()
            return 0
        }
        hooks.Remove = { _ in -1 }
        return hooks
    }
}
