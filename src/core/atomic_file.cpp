#include "wordvec/core/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <ostream>

#include <fmt/format.h>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {

constexpr const char* kTempMarker = ".wordvec-tmp-";
constexpr const char* kSpillMarker = "wordvec-spill-";
constexpr std::size_t kNamePrefix = 40;  // bytes of the target's name kept in the temporary name

std::filesystem::path parent_or_dot(const std::filesystem::path& path) {
  auto parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

mode_t process_umask() {
  static const mode_t mask = [] {
    const mode_t m = ::umask(0);
    ::umask(m);
    return m;
  }();
  return mask;
}

const char* kind_of(mode_t mode) {
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& why) {
  throw IoError(fmt::format("{}: cannot write: {}", path.string(), why));
}

// The longest file name the directory's file system allows.
std::size_t name_max(const std::filesystem::path& dir) {
  const long n = ::pathconf(dir.c_str(), _PC_NAME_MAX);
  return n > 0 ? static_cast<std::size_t>(n) : NAME_MAX;
}

struct Resolved {
  OutputTarget target;
  struct stat st {};
};

Resolved resolve(const std::filesystem::path& requested) {
  if (requested.empty()) throw IoError("cannot write: the output path is empty");
  Resolved r;
  r.target.requested = requested;
  std::filesystem::path p = requested;
  for (int hops = 0;; ++hops) {
    if (hops > 40) refuse(requested, "too many levels of symbolic links");
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) {
      const int err = errno;
      if (err == ENAMETOOLONG)
        refuse(requested, fmt::format("the name is too long for the file system ({} bytes; at most {})",
                                      p.filename().string().size(), name_max(parent_or_dot(p))));
      if (err == ENOTDIR) refuse(requested, "a component of the path is not a directory");
      if (err != ENOENT) refuse(requested, std::strerror(err));
      if (hops > 0) refuse(requested, fmt::format("it is a symbolic link to {}, which does not exist", p.string()));
      const auto dir = parent_or_dot(p);
      std::error_code ec;
      if (!std::filesystem::is_directory(dir, ec))
        refuse(requested, fmt::format("directory {} does not exist", dir.string()));
      const auto name_bytes = p.filename().string().size();
      if (name_bytes > name_max(dir))
        refuse(requested, fmt::format("the name is too long for the file system ({} bytes; at most {})", name_bytes,
                                      name_max(dir)));
      r.target.path = p;
      return r;
    }
    if (S_ISLNK(st.st_mode)) {
      std::error_code ec;
      const auto link = std::filesystem::read_symlink(p, ec);
      if (ec) refuse(requested, ec.message());
      p = link.is_absolute() ? link : parent_or_dot(p) / link;
      continue;
    }
    if (!S_ISREG(st.st_mode))
      refuse(requested, fmt::format("it is {}{}: refusing to replace it", kind_of(st.st_mode),
                                    S_ISDIR(st.st_mode) ? "" : ", not a regular file"));
    if (st.st_nlink > 1)
      refuse(requested, fmt::format("it has {} hard links, which replacing it would break: remove it first or "
                                    "write elsewhere",
                                    static_cast<unsigned long>(st.st_nlink)));
    if ((st.st_mode & 0222) == 0) refuse(requested, "it is read-only: refusing to replace it");
    const uid_t me = ::geteuid();
    if (me != 0 && st.st_uid != me)
      refuse(requested, fmt::format("it is owned by another user (uid {}), which replacing it would change",
                                    static_cast<unsigned long>(st.st_uid)));
    if (me != 0 && ::access(p.c_str(), W_OK) != 0) refuse(requested, "it is not writable");
    r.target.path = p;
    r.target.exists = true;
    r.st = st;
    return r;
  }
}

// Creates an unpredictable temporary name next to `final` (O_CREAT | O_EXCL, mode 0600); returns the fd.
int make_temp(const std::filesystem::path& requested, const std::filesystem::path& final, std::filesystem::path& out) {
  const auto dir = parent_or_dot(final);
  std::string name = final.filename().string().substr(0, kNamePrefix);
  std::string templ = (dir / fmt::format(".{}{}{}-XXXXXX", name, kTempMarker, static_cast<long>(::getpid()))).string();
  const int fd = ::mkostemp(templ.data(), O_CLOEXEC);
  if (fd < 0)
    throw IoError(fmt::format("{}: cannot write: cannot create a file in directory {}: {}", requested.string(),
                              dir.string(), std::strerror(errno)));
  out = templ;
  return fd;
}

bool alive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH; }

}  // namespace

void StreamSink::write(const void* data, std::size_t size) {
  if (cancel_.requested()) throw Cancelled();
  if (size != 0 && std::fwrite(data, 1, size, stream_) != size) {
    if (cancel_.requested()) throw Cancelled();
    throw IoError(fmt::format("writing to {} failed: {}", name_, std::strerror(errno)));
  }
}

void OstreamSink::write(const void* data, std::size_t size) {
  if (cancel_.requested()) throw Cancelled();
  if (size != 0) stream_.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!stream_) throw IoError(fmt::format("writing to {} failed", name_));
}

void OstreamSink::flush() {
  stream_.flush();
  if (!stream_) throw IoError(fmt::format("writing to {} failed", name_));
}

void StreamSink::flush() {
  if (std::fflush(stream_) != 0 || std::ferror(stream_))
    throw IoError(fmt::format("writing to {} failed: {}", name_, std::strerror(errno)));
}

OutputTarget resolve_output(const std::filesystem::path& path) { return resolve(path).target; }

void check_output(const std::filesystem::path& path, std::uint64_t expected_bytes) {
  const auto target = resolve_output(path);
  std::filesystem::path probe;
  const int fd = make_temp(path, target.path, probe);
  ::close(fd);
  ::unlink(probe.c_str());
  check_free_space({{path, expected_bytes}});
}

void check_free_space(const std::vector<PlannedFile>& files) {
  struct Volume {
    std::filesystem::path dir;
    std::uint64_t need = 0;
    std::vector<std::string> names;
  };
  std::map<dev_t, Volume> volumes;
  for (const auto& f : files) {
    if (f.bytes == 0) continue;
    const auto dir = parent_or_dot(resolve_output(f.path).path);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) continue;  // resolve_output and the write itself will tell
    auto& v = volumes[st.st_dev];
    if (v.dir.empty()) v.dir = dir;
    v.need += f.bytes;
    v.names.push_back(f.path.string());
  }
  for (const auto& [dev, v] : volumes) {
    struct statvfs vfs {};
    if (::statvfs(v.dir.c_str(), &vfs) != 0) continue;
    const auto free_bytes = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
    if (free_bytes >= v.need) continue;
    std::string names;
    for (const auto& n : v.names) names += (names.empty() ? "" : ", ") + n;
    throw IoError(fmt::format("{}: cannot write: {} about {:.1f} MB, but {} has {:.1f} MB free", names,
                              v.names.size() == 1 ? "it needs" : "together they need",
                              static_cast<double>(v.need) / 1e6, v.dir.string(), static_cast<double>(free_bytes) / 1e6));
  }
}

void require_distinct(const std::filesystem::path& output, const std::filesystem::path& input) {
  if (input.empty() || input == "-") return;
  struct stat in {}, out {};
  if (::stat(input.c_str(), &in) != 0 || ::stat(output.c_str(), &out) != 0) return;
  if (in.st_dev == out.st_dev && in.st_ino == out.st_ino)
    throw IoError(fmt::format("{}: cannot write: it is the same file as the input {}; refusing to overwrite it",
                              output.string(), input.string()));
}

void require_output_directory(const std::filesystem::path& path) { resolve_output(path); }

bool is_our_temp_name(std::string_view name, long* pid) {
  auto at = name.rfind(kTempMarker);
  std::size_t skip = std::strlen(kTempMarker);
  if (at == std::string_view::npos) {
    if (name.rfind(kSpillMarker, 0) != 0) return false;
    at = 0;
    skip = std::strlen(kSpillMarker);
  }
  auto rest = name.substr(at + skip);
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  if (digits == 0 || digits > 10 || rest.size() != digits + 7 || rest[digits] != '-') return false;
  for (const char c : rest.substr(digits + 1))
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  if (pid) *pid = std::strtol(std::string(rest.substr(0, digits)).c_str(), nullptr, 10);
  return true;
}

std::vector<std::filesystem::path> remove_stale_temp_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> removed;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir.empty() ? std::filesystem::path(".") : dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    long pid = 0;
    const auto name = it->path().filename().string();
    if (!is_our_temp_name(name, &pid) || pid == static_cast<long>(::getpid()) || alive(pid)) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || st.st_uid != ::geteuid()) continue;
    std::error_code rm;
    if (S_ISREG(st.st_mode)) std::filesystem::remove(it->path(), rm);
    else if (S_ISDIR(st.st_mode)) std::filesystem::remove_all(it->path(), rm);
    else continue;
    if (!rm) removed.push_back(it->path());
  }
  return removed;
}

AtomicFile::AtomicFile(std::filesystem::path target, CancellationToken cancel)
    : requested_(std::move(target)), cancel_(cancel) {
  const auto r = resolve(requested_);
  final_ = r.target.path;
  if (r.target.exists) {
    keep_owner_ = true;
    owner_uid_ = r.st.st_uid;
    owner_gid_ = r.st.st_gid;
    mode_ = r.st.st_mode & 07777;
  } else {
    mode_ = 0666 & ~process_umask();
  }
  const int fd = make_temp(requested_, final_, temp_);
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    ::close(fd);
    discard();
    throw IoError(fmt::format("{}: cannot write: {}", requested_.string(), std::strerror(errno)));
  }
  // A large buffer keeps writes of many small words cheap.
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() noexcept {
  if (file_) std::fclose(file_);
  file_ = nullptr;
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::write(const void* data, std::size_t size) {
  if (!file_) throw IoError(fmt::format("{}: write after the file was committed", requested_.string()));
  if (cancel_.requested()) throw Cancelled();
  if (size != 0 && std::fwrite(data, 1, size, file_) != size) {
    const int err = errno;
    if (cancel_.requested()) throw Cancelled();
    throw IoError(fmt::format("{}: write failed: {}", requested_.string(), std::strerror(err)));
  }
}

void AtomicFile::prepare() {
  if (committed_) throw IoError(fmt::format("{}: committed twice", requested_.string()));
  if (prepared_) return;
  if (cancel_.requested()) throw Cancelled();
  const int fd = ::fileno(file_);
  std::string failed;
  if (std::fflush(file_) != 0 || std::ferror(file_)) failed = fmt::format("write failed: {}", std::strerror(errno));
  else if (::fsync(fd) != 0) failed = fmt::format("cannot sync to disk: {}", std::strerror(errno));
  else if (keep_owner_ && (owner_uid_ != ::geteuid() || owner_gid_ != ::getegid()) &&
           ::fchown(fd, owner_uid_, owner_gid_) != 0)
    failed = fmt::format("cannot keep the owner of the file it replaces: {}", std::strerror(errno));
  else if (::fchmod(fd, static_cast<mode_t>(mode_)) != 0)
    failed = fmt::format("cannot set the mode: {}", std::strerror(errno));
  const bool closed = std::fclose(file_) == 0;
  const int close_errno = errno;
  file_ = nullptr;
  if (failed.empty() && !closed) failed = fmt::format("write failed: {}", std::strerror(close_errno));
  if (!failed.empty()) {
    discard();
    throw IoError(fmt::format("{}: {}", requested_.string(), failed));
  }
  prepared_ = true;
}

void AtomicFile::commit() {
  if (committed_) throw IoError(fmt::format("{}: committed twice", requested_.string()));
  prepare();
  if (::rename(temp_.c_str(), final_.c_str()) != 0) {
    const int err = errno;
    discard();
    throw IoError(fmt::format("{}: cannot rename the temporary file into place: {}", requested_.string(),
                              std::strerror(err)));
  }
  committed_ = true;
  // The rename itself is durable only once the directory is.
  const int dir = ::open(parent_or_dot(final_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

AtomicFile& OutputGroup::add(const std::filesystem::path& target) {
  files_.push_back(std::make_unique<AtomicFile>(target, cancel_));
  return *files_.back();
}

void OutputGroup::commit() {
  for (auto& f : files_) f->prepare();
  for (auto& f : files_) f->commit();
}

}  // namespace wordvec
