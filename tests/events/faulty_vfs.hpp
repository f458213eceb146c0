// A SQLite VFS for tests that forwards everything to the default VFS but can make fsync fail
// (SQLITE_IOERR_FSYNC), the way a dying disk does. While it lives it is the default VFS, so every
// connection opened meanwhile (the log's writer and readers) goes through it. One at a time per process.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <stdexcept>

namespace scsa::events::testing {

class faulty_vfs {
 public:
  faulty_vfs() {
    real_ = sqlite3_vfs_find(nullptr);
    if (real_ == nullptr) throw std::runtime_error("no default SQLite VFS");
    vfs_ = *real_;
    vfs_.zName = "scsa-faulty";
    vfs_.szOsFile = static_cast<int>(sizeof(file)) + real_->szOsFile;
    vfs_.xOpen = &open;
    vfs_.pNext = nullptr;
    instance() = this;
    if (sqlite3_vfs_register(&vfs_, 1) != SQLITE_OK) throw std::runtime_error("cannot register the VFS");
  }
  faulty_vfs(const faulty_vfs&) = delete;
  faulty_vfs& operator=(const faulty_vfs&) = delete;
  ~faulty_vfs() {
    sqlite3_vfs_unregister(&vfs_);
    sqlite3_vfs_register(real_, 1);
    instance() = nullptr;
  }

  // From now on every fsync fails (true) or works again (false).
  void fail_sync(bool fail) { fail_sync_ = fail; }
  int failed_syncs() const { return failed_syncs_; }

 private:
  struct file {
    sqlite3_file base;
    sqlite3_file* real;  // the default VFS's file, in the same allocation right after this struct
  };

  static faulty_vfs*& instance() {
    static faulty_vfs* current = nullptr;
    return current;
  }
  static sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<file*>(f)->real; }

  static int open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    auto* wrapped = reinterpret_cast<file*>(f);
    wrapped->real = reinterpret_cast<sqlite3_file*>(wrapped + 1);
    sqlite3_vfs* real_vfs = instance()->real_;
    const int code = real_vfs->xOpen(real_vfs, name, wrapped->real, flags, out_flags);
    wrapped->base.pMethods = wrapped->real->pMethods != nullptr ? &methods : nullptr;
    return code;
  }

  static int close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
  static int read(sqlite3_file* f, void* data, int amount, sqlite3_int64 offset) {
    return real(f)->pMethods->xRead(real(f), data, amount, offset);
  }
  static int write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
    return real(f)->pMethods->xWrite(real(f), data, amount, offset);
  }
  static int truncate(sqlite3_file* f, sqlite3_int64 size) {
    return real(f)->pMethods->xTruncate(real(f), size);
  }
  static int sync(sqlite3_file* f, int flags) {
    if (instance()->fail_sync_) {
      ++instance()->failed_syncs_;
      return SQLITE_IOERR_FSYNC;
    }
    return real(f)->pMethods->xSync(real(f), flags);
  }
  static int file_size(sqlite3_file* f, sqlite3_int64* size) {
    return real(f)->pMethods->xFileSize(real(f), size);
  }
  static int lock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
  static int unlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
  static int check_reserved(sqlite3_file* f, int* out) {
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
  }
  static int file_control(sqlite3_file* f, int op, void* arg) {
    return real(f)->pMethods->xFileControl(real(f), op, arg);
  }
  static int sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
  static int device_characteristics(sqlite3_file* f) {
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
  }
  static int shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
  }
  static int shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
  }
  static void shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
  static int shm_unmap(sqlite3_file* f, int delete_flag) {
    return real(f)->pMethods->xShmUnmap(real(f), delete_flag);
  }

  // Version 2: shared memory for WAL; no memory-mapped I/O (version 3), so SQLite never asks for it.
  static constexpr sqlite3_io_methods methods{2,
                                              &close,
                                              &read,
                                              &write,
                                              &truncate,
                                              &sync,
                                              &file_size,
                                              &lock,
                                              &unlock,
                                              &check_reserved,
                                              &file_control,
                                              &sector_size,
                                              &device_characteristics,
                                              &shm_map,
                                              &shm_lock,
                                              &shm_barrier,
                                              &shm_unmap,
                                              nullptr,
                                              nullptr};

  sqlite3_vfs* real_ = nullptr;
  sqlite3_vfs vfs_{};
  std::atomic<bool> fail_sync_{false};
  std::atomic<int> failed_syncs_{0};
};

}  // namespace scsa::events::testing
