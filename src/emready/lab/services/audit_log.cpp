#include "emready/lab/services/audit_log.hpp"

#include "emready/core/error.hpp"
#include "emready/lab/state/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fmt/format.h>

namespace emready::lab::services {

namespace {

std::optional<AuditEntry> entry_from(std::string_view line)
{
  const auto json = nlohmann::json::parse(line, nullptr, false);
  if (!json.is_object()) {
    return std::nullopt;
  }
  try {
    AuditEntry entry;
    entry.time = json.at("time").get<std::string>();
    entry.actor = json.at("actor").get<std::string>();
    entry.action = json.at("action").get<std::string>();
    const auto object = json.at("object").get<std::string>();
    entry.kind = object.substr(0, object.find(' '));
    entry.tenant = json.at("tenant").get<std::string>();
    if (entry.kind != "tenant") {
      entry.serial = object.substr(object.rfind('/') + 1);
    }
    return entry;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

} // namespace

std::string AuditEntry::object() const
{
  return serial.empty() ? kind + " " + tenant : kind + " " + tenant + "/" + serial;
}

nlohmann::json AuditEntry::to_json() const
{
  return {{"time", time}, {"actor", actor}, {"action", action}, {"object", object()},
          {"tenant", tenant}};
}

AuditParse parse_audit_log(std::string_view text)
{
  AuditParse parse;
  std::size_t start = 0;
  for (auto end = text.find('\n'); end != std::string_view::npos;
       start = end + 1, end = text.find('\n', start)) {
    if (auto entry = entry_from(text.substr(start, end - start))) {
      parse.entries.push_back(std::move(*entry));
    } else {
      ++parse.skipped;
    }
    parse.complete_bytes = end + 1;
  }
  parse.torn = parse.complete_bytes < text.size();
  return parse;
}

std::string rfc3339_now()
{
  const auto now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

AuditLog::AuditLog(const std::filesystem::path& path)
  : m_path(path),
    m_fd(::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600))
{
  if (!m_fd) {
    throw core::InputError(fmt::format("cannot open {}: {}", path.string(), strerror(errno)));
  }
  auto parse = parse_audit_log(state::read_whole_file(path).value_or(""));
  if (parse.torn && ::ftruncate(m_fd.get(), static_cast<off_t>(parse.complete_bytes)) != 0) {
    throw core::InputError(fmt::format("cannot cut the torn end of {}: {}", path.string(),
                                       strerror(errno)));
  }
  m_entries = std::move(parse.entries);
  state::sync_directory(path.parent_path()); // the file's name, when it was just created
}

void AuditLog::append(const AuditEntry& entry)
{
  const auto line = entry.to_json().dump() + "\n";
  // One write(2) on an O_APPEND descriptor: the line lands whole or, after a crash, as a
  // torn tail that the next start ignores and cuts off.
  state::write_fully(m_fd.get(), line, m_path.string());
  if (::fsync(m_fd.get()) != 0) {
    throw core::InputError(fmt::format("cannot sync {}: {}", m_path.string(), strerror(errno)));
  }
  m_entries.push_back(entry);
}

} // namespace emready::lab::services
