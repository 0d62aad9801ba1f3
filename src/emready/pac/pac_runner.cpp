#include "emready/pac/pac_runner.hpp"

#include "emready/core/error.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <cstring>
#include <fmt/format.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

namespace emready::pac {

namespace {

// Lines between child and parent are tab-separated fields; these escapes keep them lines.
std::string escaped(const std::string& text)
{
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    default: out += c;
    }
  }
  return out;
}

std::string unescaped(const std::string& text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const char next = text[++i];
      out += next == 'n' ? '\n' : next == 't' ? '\t' : next;
    } else {
      out += text[i];
    }
  }
  return out;
}

void write_line(int fd, const std::string& line)
{
  const auto text = line + "\n";
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) {
        continue;
      }
      ::_exit(1);
    }
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void run_child(int fd, const std::string& source, const std::string& name,
                            const std::vector<PacQuery>& queries, const PacEnvironment& environment)
{
  set_fatal_fd(fd);
  try {
    PacScript script(source, name, environment);
    write_line(fd, "loaded");
    for (std::size_t i = 0; i < queries.size(); ++i) {
      write_line(fd, fmt::format("start\t{}", i));
      const auto answer = script.find_proxy(queries[i].url, queries[i].host);
      write_line(fd, fmt::format("answer\t{}\t{}", i, escaped(answer)));
    }
  } catch (const std::exception& error) {
    write_line(fd, "error\t" + escaped(error.what()));
  }
  ::_exit(0);
}

// Splits "a\tb\tc" at its first `count - 1` tabs.
std::vector<std::string> fields(const std::string& line, std::size_t count)
{
  std::vector<std::string> out;
  std::size_t start = 0;
  while (out.size() + 1 < count) {
    const auto tab = line.find('\t', start);
    if (tab == std::string::npos) {
      break;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  out.push_back(line.substr(start));
  return out;
}

class Child
{
public:
  Child(pid_t pid, int fd) : m_pid(pid), m_fd(fd) {}
  ~Child()
  {
    ::close(m_fd);
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);
      int status = 0;
      ::waitpid(m_pid, &status, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // The next line, or nullopt at end of file; false in `in_time` when `deadline` passed.
  std::optional<std::string> next_line(std::chrono::steady_clock::time_point deadline, bool& in_time)
  {
    in_time = true;
    while (true) {
      const auto newline = m_buffer.find('\n');
      if (newline != std::string::npos) {
        auto line = m_buffer.substr(0, newline);
        m_buffer.erase(0, newline + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        in_time = false;
        return std::nullopt;
      }
      pollfd wait{m_fd, POLLIN, 0};
      const int ready = ::poll(&wait, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) {
        continue;
      }
      if (ready == 0) {
        continue; // the loop sees the deadline
      }
      char chunk[4096];
      const auto n = ::read(m_fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        return std::nullopt;
      }
      if (m_buffer.size() + static_cast<std::size_t>(n) > (1u << 20)) {
        throw core::InputError("the PAC evaluator's answers exceed 1 MiB");
      }
      m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  // How the child ended (after end of file).
  std::string ending()
  {
    int status = 0;
    const auto pid = std::exchange(m_pid, 0);
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
      return fmt::format("the PAC evaluator was killed by signal {} ({})", WTERMSIG(status),
                         strsignal(WTERMSIG(status)));
    }
    return fmt::format("the PAC evaluator ended with status {}", WEXITSTATUS(status));
  }

private:
  pid_t m_pid;
  int m_fd;
  std::string m_buffer;
};

} // namespace

std::vector<std::string> evaluate_pac(const std::string& source, const std::string& name,
                                      const std::vector<PacQuery>& queries,
                                      const PacEnvironment& environment,
                                      std::chrono::milliseconds per_call)
{
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw core::InputError(std::string("cannot evaluate the PAC file: pipe: ") + std::strerror(errno));
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw core::InputError(std::string("cannot evaluate the PAC file: fork: ") + std::strerror(error));
  }
  if (pid == 0) {
    ::close(pipe_fds[0]);
    run_child(pipe_fds[1], source, name, queries, environment);
  }
  ::close(pipe_fds[1]);
  Child child(pid, pipe_fds[0]);
  std::vector<std::string> answers(queries.size());
  std::size_t answered = 0;
  std::optional<std::size_t> running; // the call in progress; none: the file's top level
  auto deadline = std::chrono::steady_clock::now() + per_call;
  const auto seconds = std::chrono::duration<double>(per_call).count();
  while (answered < queries.size()) {
    bool in_time = true;
    const auto line = child.next_line(deadline, in_time);
    if (!in_time) {
      if (!running) {
        throw core::InputError(fmt::format("{}: its top level did not finish within {:g} s (an "
                                           "endless loop?)", name, seconds));
      }
      const auto& query = queries[*running];
      throw core::InputError(fmt::format("{}: FindProxyForURL(\"{}\", \"{}\") did not return within "
                                         "{:g} s (an endless loop, or dnsResolve of a name that "
                                         "does not answer?)",
                                         name, query.url, query.host, seconds));
    }
    if (!line) {
      throw core::InputError(fmt::format("{}: {} before it answered", name, child.ending()));
    }
    if (line->empty()) {
      continue;
    }
    const auto parts = fields(*line, 3);
    if (parts[0] == "loaded") {
      deadline = std::chrono::steady_clock::now() + per_call;
    } else if (parts[0] == "start" && parts.size() == 2) {
      running = std::stoul(parts[1]);
      deadline = std::chrono::steady_clock::now() + per_call;
    } else if (parts[0] == "answer" && parts.size() == 3) {
      answers.at(std::stoul(parts[1])) = unescaped(parts[2]);
      ++answered;
    } else if (parts[0] == "error" || parts[0] == "fatal") {
      throw core::InputError(unescaped(*line).substr(parts[0].size() + 1));
    }
  }
  return answers;
}

} // namespace emready::pac
