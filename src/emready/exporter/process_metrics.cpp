#include "emready/exporter/process_metrics.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace emready::exporter {

namespace {

// The fields of /proc/self/stat after the command name (which may hold spaces).
std::vector<std::string> stat_fields()
{
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  const auto close = line.rfind(')');
  std::vector<std::string> fields;
  if (close == std::string::npos) {
    return fields;
  }
  std::istringstream rest(line.substr(close + 2));
  for (std::string field; rest >> field;) {
    fields.push_back(field); // fields[0] is field 3 (state)
  }
  return fields;
}

double boot_time()
{
  std::ifstream in("/proc/stat");
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double value = 0;
      in >> value;
      return value;
    }
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

} // namespace

void write_process_metrics(report::MetricWriter& writer)
{
  const auto fields = stat_fields();
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  if (fields.size() > 21 && ticks > 0) {
    writer.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
    writer.sample("process_cpu_seconds_total", (std::stod(fields[11]) + std::stod(fields[12])) / ticks);
    const double boot = boot_time();
    if (boot > 0) {
      writer.family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
      writer.sample("process_start_time_seconds", boot + std::stod(fields[19]) / ticks);
    }
    writer.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    writer.sample("process_resident_memory_bytes", std::stod(fields[21]) * static_cast<double>(::sysconf(_SC_PAGESIZE)));
  }
  if (auto* dir = ::opendir("/proc/self/fd")) {
    double open = 0;
    while (const auto* entry = ::readdir(dir)) {
      open += entry->d_name[0] != '.';
    }
    ::closedir(dir);
    writer.family("process_open_fds", "gauge", "Number of open file descriptors.");
    writer.sample("process_open_fds", open - 1); // less the one reading the directory
  }
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    writer.family("process_max_fds", "gauge", "Maximum number of open file descriptors.");
    writer.sample("process_max_fds", static_cast<double>(limit.rlim_cur));
  }
}

} // namespace emready::exporter
