// `emready config`: the effective configuration, and where each value came from.
#include "emready/cli/commands.hpp"
#include "emready/cli/config_file.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <iostream>

namespace emready::cli {

namespace {

// "a" or "[a, b]", quoted where YAML would read the text otherwise.
std::string yaml_value(const std::vector<std::string>& values)
{
  const auto one = [](const std::string& v) {
    const bool plain = !v.empty() && v.find_first_of(":#{}[],&*!|>'\"%@`") == std::string::npos &&
                       v.front() != ' ' && v.back() != ' ';
    if (plain) {
      return v;
    }
    std::string quoted = "\"";
    for (const char c : v) {
      quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    }
    return quoted + "\"";
  };
  if (values.size() == 1) {
    return one(values.front());
  }
  std::string out = "[";
  for (const auto& v : values) {
    out += (out.size() > 1 ? ", " : "") + one(v);
  }
  return out + "]";
}

void print_section(const CLI::App& app, const std::vector<std::string>& parents, const ConfigOrigins& origins,
                   std::ostream& out)
{
  const std::string indent(2 * parents.size(), ' ');
  std::vector<std::string> lines;
  for (const auto* option : app.get_options()) {
    if (option->get_lnames().empty() || option->count() == 0) {
      continue;
    }
    auto full = parents;
    full.push_back(option->get_lnames().front());
    const auto key = fmt::format("{}", fmt::join(full, "."));
    const auto origin = origins.find(key);
    if (origin == origins.end()) {
      continue; // set on this command line, not by a file
    }
    lines.push_back(fmt::format("{}{}: {}  # {}", indent, full.back(), yaml_value(option->results()),
                                origin->second));
  }
  std::ostringstream deeper;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    auto next = parents;
    next.push_back(sub->get_name());
    print_section(*sub, next, origins, deeper);
  }
  if (lines.empty() && deeper.str().empty()) {
    return;
  }
  if (!parents.empty()) {
    out << std::string(2 * (parents.size() - 1), ' ') << parents.back() << ":\n";
  }
  for (const auto& line : lines) {
    out << line << '\n';
  }
  out << deeper.str();
}

} // namespace

void add_config_command(CLI::App& app, Context& context)
{
  auto* command = app.add_subcommand(
    "config", "Print the effective configuration: each value the files set, and where it came from");
  command->footer("\nFiles, lowest precedence first (the command line wins over all of them):\n"
                  "  /etc/emready/config.yaml, $XDG_CONFIG_HOME/emready/config.yaml (~/.config when unset),\n"
                  "  then each --config FILE. Keys are option names, under the command they belong to:\n"
                  "\n  check:\n    agent: [cca, erds]\n    proxy: http://proxy.example.net:3128\n    tcp-timeout: 3\n"
                  "  audit:\n    dialect: squid\n"
                  "\nSite profiles: /etc/emready/profiles.d/*.yaml, read after the built-in ones and before\n"
                  "--profiles DIR.\n"
                  "\nExamples:\n  emready config\n  emready --config site.yaml config\n");
  command->callback([command, &context] {
    const auto& root = *command->get_parent();
    std::cout << "# Configuration files, lowest precedence first (the command line wins over all):\n";
    const auto* config = root.get_config_ptr();
    const auto used = config ? config->results() : std::vector<std::string>{};
    for (const auto& file : default_config_files()) {
      const bool present = std::filesystem::is_regular_file(file);
      std::cout << "#   " << file << (present ? "" : " (not present)") << '\n';
    }
    const auto defaults = default_config_files();
    for (const auto& file : used) {
      if (std::find(defaults.begin(), defaults.end(), file) == defaults.end()) {
        std::cout << "#   " << file << " (--config)\n";
      }
    }
    const auto profiles = site_profiles_directory();
    std::cout << "# Site profiles: " << profiles
              << (std::filesystem::is_directory(profiles) ? "" : " (not present)") << '\n';
    print_section(root, {}, *context.config_origins, std::cout);
  });
}

} // namespace emready::cli
